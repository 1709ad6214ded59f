package dev.samovar.server.error;

/** The request's deadline passed before any token was generated (HTTP 504). */
public final class RequestTimeoutException extends ApiException {

  public RequestTimeoutException(String message) {
    super(message);
  }
}
