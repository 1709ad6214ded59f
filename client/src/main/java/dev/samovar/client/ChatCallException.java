package dev.samovar.client;

/**
 * A chat completion that did not succeed. {@link #fatal()} failures (401, 403, 404: a wrong key,
 * URL or model) would fail for every request, so a run stops at the first one.
 */
public final class ChatCallException extends Exception {
  private final boolean fatal;

  public ChatCallException(String message, boolean fatal) {
    super(message);
    this.fatal = fatal;
  }

  /** Whether every further request to the endpoint would fail the same way. */
  public boolean fatal() {
    return fatal;
  }
}
