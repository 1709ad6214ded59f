package dev.samovar.training;

/** A training command cannot go on: an input is missing, malformed or unsupported. */
public final class TrainingException extends RuntimeException {
  public TrainingException(String message) {
    super(message);
  }

  public TrainingException(String message, Throwable cause) {
    super(message, cause);
  }
}
