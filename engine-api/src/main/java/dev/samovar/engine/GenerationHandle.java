package dev.samovar.engine;

/** Controls a submitted generation. */
public interface GenerationHandle {

  /**
   * Asks the engine to stop this generation at its next step; the sink then completes with {@link
   * FinishReason#CANCELLED} (unless it had already completed). Any thread; idempotent.
   */
  void cancel();
}
