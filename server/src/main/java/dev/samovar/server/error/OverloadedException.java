package dev.samovar.server.error;

/**
 * Every sequence and queue place is taken (HTTP 429); the client may retry after {@link
 * #retryAfterSeconds()}.
 */
public final class OverloadedException extends ApiException {
  private final int retryAfterSeconds;

  public OverloadedException(String message, int retryAfterSeconds) {
    super(message);
    this.retryAfterSeconds = retryAfterSeconds;
  }

  public int retryAfterSeconds() {
    return retryAfterSeconds;
  }
}
