package dev.samovar.models.inspect;

/**
 * A model file cannot be served: it is truncated or corrupt, of an unsupported architecture, or
 * lacks what serving needs. The message is one line naming the file and the problem.
 */
public final class InvalidModelException extends RuntimeException {
  public InvalidModelException(String message) {
    super(message);
  }

  public InvalidModelException(String message, Throwable cause) {
    super(message, cause);
  }
}
