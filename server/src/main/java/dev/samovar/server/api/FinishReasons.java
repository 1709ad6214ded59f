package dev.samovar.server.api;

import dev.samovar.engine.EngineException;
import dev.samovar.engine.FinishReason;

/** OpenAI's {@code finish_reason} values for the engine's finish reasons. */
public final class FinishReasons {

  private FinishReasons() {}

  /**
   * {@code "stop"} or {@code "length"}.
   *
   * @throws EngineException for a cancelled generation, which has no OpenAI finish reason
   */
  public static String wire(FinishReason reason) {
    return switch (reason) {
      case STOP -> "stop";
      case LENGTH -> "length";
      case CANCELLED -> throw new EngineException("The generation was cancelled.");
    };
  }
}
