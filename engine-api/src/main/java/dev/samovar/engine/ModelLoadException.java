package dev.samovar.engine;

/** The model file could not be loaded. */
public class ModelLoadException extends EngineException {
  public ModelLoadException(String message) {
    super(message);
  }

  public ModelLoadException(String message, Throwable cause) {
    super(message, cause);
  }
}
