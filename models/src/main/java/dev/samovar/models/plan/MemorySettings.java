package dev.samovar.models.plan;

/**
 * The context a model will run with.
 *
 * @param contextPerSequence tokens of context each sequence gets
 * @param parallel sequences that run at once; the KV cache holds {@code contextPerSequence *
 *     parallel} tokens
 * @param batchSize most tokens one decode step takes (llama.cpp's n_batch and n_ubatch)
 */
public record MemorySettings(int contextPerSequence, int parallel, int batchSize) {
  public MemorySettings {
    if (contextPerSequence < 1) {
      throw new IllegalArgumentException("context must be >= 1: " + contextPerSequence);
    }
    if (parallel < 1) {
      throw new IllegalArgumentException("parallel must be >= 1: " + parallel);
    }
    if (batchSize < 1) {
      throw new IllegalArgumentException("batch size must be >= 1: " + batchSize);
    }
  }

  /** The tokens the KV cache holds: context per sequence times sequences. */
  public long contextTokens() {
    return (long) contextPerSequence * parallel;
  }
}
