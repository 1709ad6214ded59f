package dev.samovar.server.cli;

/** A model would not fit in the memory available; the message says what to change. */
final class InsufficientMemoryException extends RuntimeException {
  InsufficientMemoryException(String message) {
    super(message);
  }
}
