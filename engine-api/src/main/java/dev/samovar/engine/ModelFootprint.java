package dev.samovar.engine;

import java.util.List;

/**
 * What a model needs on a GPU, from its file header: what automatic layer fitting uses.
 *
 * @param layerBytes each layer's weights plus its share of the KV cache, in layer order
 * @param outputBytes the weights outside the layers (output matrix, norms, embeddings), which go
 *     with the output layer
 * @param computeBytes the compute and output buffers of a decode step, needed on every GPU that
 *     holds a layer
 */
public record ModelFootprint(List<Long> layerBytes, long outputBytes, long computeBytes) {
  public ModelFootprint {
    layerBytes = List.copyOf(layerBytes);
    for (long bytes : layerBytes) {
      if (bytes < 0) {
        throw new IllegalArgumentException("layer size must be >= 0: " + bytes);
      }
    }
    if (outputBytes < 0 || computeBytes < 0) {
      throw new IllegalArgumentException(
          "sizes must be >= 0: output " + outputBytes + ", compute " + computeBytes);
    }
  }
}
