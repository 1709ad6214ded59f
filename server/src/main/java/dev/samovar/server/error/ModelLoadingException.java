package dev.samovar.server.error;

/** The model is still loading, so model routes cannot answer yet (HTTP 503). */
public final class ModelLoadingException extends ApiException {

  public ModelLoadingException() {
    super("model is loading");
  }
}
