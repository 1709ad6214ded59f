package dev.samovar.server.error;

/** The request carries no valid API key (HTTP 401, code {@code invalid_api_key}). */
public final class UnauthorizedException extends ApiException {

  public UnauthorizedException(String message) {
    super(message);
  }
}
