package dev.samovar.engine;

/**
 * The engine's thread stopped on an error it could not recover from (an {@link Error}, or failing
 * while failing the running generations): every generation fails, the engine answers nothing more,
 * and the process should be replaced.
 */
public final class EngineStoppedException extends EngineException {
  public EngineStoppedException(Throwable cause) {
    super("the engine stopped: " + describe(cause), cause);
  }

  private static String describe(Throwable cause) {
    return cause.getMessage() == null
        ? cause.getClass().getSimpleName()
        : cause.getClass().getSimpleName() + ": " + cause.getMessage();
  }
}
