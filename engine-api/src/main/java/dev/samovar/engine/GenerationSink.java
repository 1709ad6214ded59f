package dev.samovar.engine;

/**
 * Receives one generation's output, in order, on the engine's thread. Exactly one of {@link
 * #onComplete} and {@link #onError} is called last. Implementations must return quickly.
 */
public interface GenerationSink {

  /** Text generated since the last delta; never splits a UTF-8 character. */
  void onDelta(TextDelta delta);

  /** The generation ended normally, by a stop, a length limit or cancellation. */
  void onComplete(GenerationResult result);

  /** The generation failed. */
  void onError(EngineException error);
}
