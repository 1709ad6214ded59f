package dev.samovar.engine.llama;

import dev.samovar.engine.Backend;
import dev.samovar.engine.GpuDevice;
import dev.samovar.engine.GpuLayers;
import dev.samovar.engine.GpuSettings;
import dev.samovar.engine.ModelLoadException;
import dev.samovar.engine.NoGpuException;
import dev.samovar.engine.SplitMode;
import java.util.Arrays;
import java.util.List;

/**
 * The {@code llama_model_params} GPU fields for a model, checked against the GPUs the library sees.
 *
 * @param gpuLayers {@code n_gpu_layers}
 * @param splitMode {@code split_mode}
 * @param mainGpu {@code main_gpu}
 * @param tensorSplit {@code tensor_split}, one share per GPU; empty for NULL (by free memory)
 * @param description what was decided, for the log
 */
record GpuPlacement(
    int gpuLayers, SplitMode splitMode, int mainGpu, float[] tensorSplit, String description) {

  /** Nothing offloaded: the placement on the CPU library. */
  static final GpuPlacement CPU = new GpuPlacement(0, SplitMode.LAYER, 0, new float[0], "CPU only");

  /** Offloads every layer, whatever the model's layer count (llama.cpp clamps it). */
  static final int ALL_LAYERS = Integer.MAX_VALUE;

  /**
   * The placement of {@code settings} on {@code backend} with {@code gpus}.
   *
   * @throws ModelLoadException when a setting names a GPU that does not exist or asks for GPU
   *     layers on the CPU library
   */
  static GpuPlacement of(GpuSettings settings, Backend backend, List<GpuDevice> gpus) {
    if (backend == Backend.CPU || gpus.isEmpty()) {
      return onCpu(settings, backend);
    }
    int count = gpus.size();
    if (settings.mainGpu() >= count) {
      throw new ModelLoadException(
          "main GPU "
              + settings.mainGpu()
              + " does not exist: the library sees "
              + count
              + (count == 1 ? " GPU (0)" : " GPUs (0-" + (count - 1) + ")"));
    }
    List<Double> split = settings.tensorSplit();
    if (split.size() > count) {
      throw new ModelLoadException(
          "tensor split "
              + split
              + " has "
              + split.size()
              + " shares, but the library sees "
              + count
              + (count == 1 ? " GPU" : " GPUs"));
    }
    float[] tensorSplit = new float[split.isEmpty() ? 0 : count];
    for (int i = 0; i < split.size(); i++) {
      tensorSplit[i] = split.get(i).floatValue();
    }
    int layers =
        switch (settings.gpuLayers()) {
          case GpuLayers.All all -> ALL_LAYERS;
          case GpuLayers.Count(int n) -> n;
          case GpuLayers.Auto auto -> autoLayers(settings, gpus, tensorSplit);
        };
    return new GpuPlacement(
        layers,
        settings.splitMode(),
        settings.mainGpu(),
        tensorSplit,
        "GPU layers "
            + (layers == ALL_LAYERS ? "all" : layers)
            + (settings.gpuLayers() instanceof GpuLayers.Auto ? " (fitted to free memory)" : "")
            + ", split mode "
            + settings.splitMode().label()
            + ", main GPU "
            + settings.mainGpu()
            + ", tensor split "
            + (split.isEmpty() ? "by free memory" : split.toString())
            + ", flash attention "
            + (settings.flashAttention() ? "on" : "off"));
  }

  private static GpuPlacement onCpu(GpuSettings settings, Backend backend) {
    String where =
        backend == Backend.CPU
            ? "the model runs on the CPU library"
            : "the CUDA library sees no GPU";
    switch (settings.gpuLayers()) {
      case GpuLayers.All all -> throw new NoGpuException("GPU layers all need a GPU, but " + where);
      case GpuLayers.Count(int n) when n > 0 ->
          throw new NoGpuException("GPU layers " + n + " need a GPU, but " + where);
      default -> {}
    }
    if (!settings.tensorSplit().isEmpty()) {
      throw new ModelLoadException(
          "tensor split " + settings.tensorSplit() + " needs GPUs, but " + where);
    }
    if (settings.mainGpu() != 0) {
      throw new ModelLoadException("main GPU " + settings.mainGpu() + " needs a GPU, but " + where);
    }
    return new GpuPlacement(
        0,
        settings.splitMode(),
        0,
        new float[0],
        "CPU only, flash attention " + (settings.flashAttention() ? "on" : "off"));
  }

  private static int autoLayers(GpuSettings settings, List<GpuDevice> gpus, float[] tensorSplit) {
    if (settings.footprint() == null) {
      throw new ModelLoadException(
          "GPU layers auto needs the model's per-layer sizes; give a layer count or all");
    }
    long[] free = new long[gpus.size()];
    double[] shares = new double[gpus.size()];
    for (int i = 0; i < free.length; i++) {
      free[i] = gpus.get(i).freeBytes();
      shares[i] = tensorSplit.length == 0 ? free[i] : tensorSplit[i];
    }
    if (tensorSplit.length == 0 && Arrays.stream(free).allMatch(bytes -> bytes == 0)) {
      return 0;
    }
    return LayerFit.fit(
        settings.footprint(), free, shares, settings.splitMode(), settings.mainGpu());
  }
}
