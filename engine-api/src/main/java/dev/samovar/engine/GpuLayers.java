package dev.samovar.engine;

/** How many of a model's layers go to the GPUs: llama.cpp's {@code n_gpu_layers}. */
public sealed interface GpuLayers {

  /** As many as fit in the GPUs' free memory, from the model's per-layer sizes. */
  record Auto() implements GpuLayers {}

  /** Every layer and the output layer. */
  record All() implements GpuLayers {}

  /**
   * The last {@code layers} layers (llama.cpp offloads from the end).
   *
   * @param layers at least 0; more than the model has means all
   */
  record Count(int layers) implements GpuLayers {
    public Count {
      if (layers < 0) {
        throw new IllegalArgumentException("GPU layers must be >= 0: " + layers);
      }
    }
  }

  /**
   * {@code auto}, {@code all} or a count.
   *
   * @throws IllegalArgumentException for anything else
   */
  static GpuLayers parse(String text) {
    String value = text.strip();
    if (value.equalsIgnoreCase("auto")) {
      return new Auto();
    }
    if (value.equalsIgnoreCase("all")) {
      return new All();
    }
    try {
      return new Count(Integer.parseInt(value));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "GPU layers must be auto, all or a count >= 0: '" + text + "'", e);
    }
  }
}
