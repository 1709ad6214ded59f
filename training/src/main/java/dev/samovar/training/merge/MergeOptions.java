package dev.samovar.training.merge;

import dev.samovar.training.safetensors.Dtype;
import java.util.Optional;

/**
 * How to write a merged model.
 *
 * @param dtype the dtype of every floating-point tensor; empty keeps each tensor's own
 * @param maxShardBytes the most data bytes per output shard
 * @param threads worker threads for the merge arithmetic
 */
public record MergeOptions(Optional<Dtype> dtype, long maxShardBytes, int threads) {
  public MergeOptions {
    if (dtype.isPresent() && !dtype.get().isFloat()) {
      throw new IllegalArgumentException("not a floating-point dtype: " + dtype.get());
    }
    if (maxShardBytes < 1) {
      throw new IllegalArgumentException("shard size must be positive: " + maxShardBytes);
    }
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be >= 1: " + threads);
    }
  }
}
