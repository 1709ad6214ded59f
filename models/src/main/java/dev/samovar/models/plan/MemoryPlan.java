package dev.samovar.models.plan;

import java.util.List;
import java.util.Objects;

/**
 * The memory a model needs to run with given settings, an estimate of what llama.cpp allocates.
 *
 * @param settings the context it was planned for
 * @param weightBytes all tensor data (llama.cpp maps the file; these pages must fit in RAM)
 * @param kvCacheBytes the F16 KV cache: context tokens x layers x (K + V widths) x 2 bytes
 * @param computeBytes the compute buffers of a decode step (an estimate, see {@link MemoryPlanner})
 * @param outputBytes the logits of one token per sequence, F32
 * @param layers each layer's weights and KV cache, in layer order
 * @param otherWeightBytes weights outside the layers: token embeddings, output norm, output
 */
public record MemoryPlan(
    MemorySettings settings,
    long weightBytes,
    long kvCacheBytes,
    long computeBytes,
    long outputBytes,
    List<LayerSize> layers,
    long otherWeightBytes) {
  public MemoryPlan {
    Objects.requireNonNull(settings, "settings");
    layers = List.copyOf(layers);
  }

  /** Everything: weights, KV cache, compute and output buffers ({@link Long#MAX_VALUE} at most). */
  public long totalBytes() {
    return MemoryPlanner.plus(
        MemoryPlanner.plus(weightBytes, kvCacheBytes),
        MemoryPlanner.plus(computeBytes, outputBytes));
  }
}
