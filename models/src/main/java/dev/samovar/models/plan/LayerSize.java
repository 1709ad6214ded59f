package dev.samovar.models.plan;

/**
 * The memory one transformer layer takes, what a GPU needs to hold it.
 *
 * @param index the layer ({@code blk.<index>.} tensors)
 * @param weightBytes its tensors' data
 * @param kvCacheBytes its share of the KV cache
 */
public record LayerSize(int index, long weightBytes, long kvCacheBytes) {
  /** Weights plus KV cache. */
  public long totalBytes() {
    return weightBytes + kvCacheBytes;
  }
}
