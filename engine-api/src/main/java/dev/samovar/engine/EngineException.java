package dev.samovar.engine;

/** A failure inside the inference engine, with a message fit for a user. */
public class EngineException extends RuntimeException {
  public EngineException(String message) {
    super(message);
  }

  public EngineException(String message, Throwable cause) {
    super(message, cause);
  }
}
