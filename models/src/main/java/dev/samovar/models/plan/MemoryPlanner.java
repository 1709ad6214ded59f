package dev.samovar.models.plan;

import dev.samovar.models.gguf.GgufFile;
import dev.samovar.models.gguf.TensorInfo;
import dev.samovar.models.inspect.ModelShape;
import java.util.ArrayList;
import java.util.List;

/**
 * Estimates the memory llama.cpp needs to run a model on the CPU, from its GGUF header alone.
 *
 * <ul>
 *   <li>Weights: the tensors' data, per layer ({@code blk.N.}) and outside the layers.
 *   <li>KV cache (F16, llama.cpp's default): {@code n_ctx x parallel x n_layer x n_embd_kv x 2
 *       bytes}, where {@code n_embd_kv} is the K plus V width ({@code head_count_kv x (key_length +
 *       value_length)}).
 *   <li>Compute buffers: without flash attention, llama.cpp's graph allocator peaks at the larger
 *       of the attention scores ({@code n_ubatch x n_kv x n_head} F32) and the logits ({@code
 *       n_ubatch x n_vocab} F32), plus a few feed-forward activations ({@code 2 x n_ubatch x
 *       max(n_ff, n_embd)} F32); for Llama-3-8B with an 8192-token context, 568 MiB.
 *   <li>Output: the logits of one token per sequence ({@code parallel x n_vocab} F32).
 * </ul>
 *
 * <p>Sizes that overflow a long saturate at {@link Long#MAX_VALUE}: such a plan fits nowhere.
 */
public final class MemoryPlanner {
  private static final long F16_BYTES = 2;
  private static final long F32_BYTES = 4;

  private MemoryPlanner() {}

  /**
   * The plan for {@code gguf} with {@code settings}.
   *
   * @throws dev.samovar.models.gguf.GgufFormatException when its hyperparameters have wrong types
   *     or impossible sizes
   */
  public static MemoryPlan plan(GgufFile gguf, MemorySettings settings) {
    ModelShape shape = ModelShape.of(gguf);
    long[] layerWeights = new long[shape.layers()];
    long weights = 0;
    long inLayers = 0;
    for (TensorInfo tensor : gguf.tensors()) {
      weights += tensor.byteSize();
      int layer = layerOf(tensor.name());
      if (layer >= 0 && layer < layerWeights.length) {
        layerWeights[layer] += tensor.byteSize();
        inLayers += tensor.byteSize();
      }
    }
    long tokens = settings.contextTokens();
    long kvPerLayer = times(times(tokens, shape.kvElementsPerTokenAndLayer()), F16_BYTES);
    List<LayerSize> layers = new ArrayList<>(shape.layers());
    for (int i = 0; i < shape.layers(); i++) {
      layers.add(new LayerSize(i, layerWeights[i], kvPerLayer));
    }
    long ubatch = Math.min(settings.batchSize(), tokens);
    long scores = times(times(times(ubatch, tokens), shape.heads()), F32_BYTES);
    long logits = times(times(ubatch, shape.vocabSize()), F32_BYTES);
    long activations =
        times(times(2 * ubatch, Math.max(shape.feedForward(), shape.embedding())), F32_BYTES);
    return new MemoryPlan(
        settings,
        weights,
        times(kvPerLayer, shape.layers()),
        plus(Math.max(scores, logits), activations),
        times(times(settings.parallel(), shape.vocabSize()), F32_BYTES),
        layers,
        weights - inLayers);
  }

  /** {@code a * b} for sizes, {@link Long#MAX_VALUE} when it overflows: more than any machine. */
  static long times(long a, long b) {
    long high = Math.multiplyHigh(a, b);
    long low = a * b;
    return high == 0 && low >= 0 ? low : Long.MAX_VALUE;
  }

  /** {@code a + b} for sizes, {@link Long#MAX_VALUE} when it overflows. */
  static long plus(long a, long b) {
    long sum = a + b;
    return sum < 0 ? Long.MAX_VALUE : sum;
  }

  /** N for a tensor named {@code blk.N.*}, else -1. */
  static int layerOf(String tensorName) {
    if (!tensorName.startsWith("blk.")) {
      return -1;
    }
    int end = tensorName.indexOf('.', 4);
    if (end < 5 || end - 4 > 6) {
      return -1;
    }
    for (int i = 4; i < end; i++) {
      if (!Character.isDigit(tensorName.charAt(i))) {
        return -1;
      }
    }
    return Integer.parseInt(tensorName, 4, end, 10);
  }
}
