package dev.samovar.models.store;

/** A model is not in the cache and may not be downloaded; the message says how to get it. */
public final class ModelUnavailableException extends RuntimeException {
  public ModelUnavailableException(String message) {
    super(message);
  }
}
