package dev.samovar.bench;

/** A failure of a bench command, with a message fit for a user; the command exits with 1. */
public final class BenchException extends RuntimeException {
  public BenchException(String message) {
    super(message);
  }

  public BenchException(String message, Throwable cause) {
    super(message, cause);
  }
}
