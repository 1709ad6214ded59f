package dev.samovar.server.error;

/** The server is shutting down and takes no new generations (HTTP 503). */
public final class ShuttingDownException extends ApiException {

  public ShuttingDownException() {
    super("The server is shutting down.");
  }
}
