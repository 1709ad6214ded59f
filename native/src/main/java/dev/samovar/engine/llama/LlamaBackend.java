package dev.samovar.engine.llama;

import dev.samovar.engine.Backend;
import dev.samovar.engine.BackendInfo;
import dev.samovar.engine.EngineException;
import dev.samovar.engine.GpuDevice;
import dev.samovar.engine.GpuSettings;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens the native library a configuration asks for and places the model on the GPUs it sees.
 *
 * @param library the loaded library
 * @param selection which library and why
 * @param gpus the GPUs it sees
 * @param placement the model parameters' GPU fields
 */
record LlamaBackend(
    LlamaLibrary library,
    BackendSelector.Selection selection,
    List<GpuDevice> gpus,
    GpuPlacement placement) {
  private static final Logger LOG = LoggerFactory.getLogger(LlamaBackend.class);

  /**
   * Selects and loads the library for {@code settings} and checks the GPU settings against it.
   *
   * @throws EngineException when the CUDA backend is asked for and cannot be used, or a GPU setting
   *     does not match the GPUs
   */
  static LlamaBackend open(GpuSettings settings, Map<String, String> env) {
    BackendSelector.Selection selection =
        BackendSelector.select(
            settings.backend(),
            settings.cudaLibrary(),
            BackendSelector.probe(settings.cudaLibrary(), env),
            () -> LibrarySource.cpu(env));
    if (selection.fallback()) {
      LOG.warn("native library: {} ({})", selection.backend().label(), selection.reason());
    } else {
      LOG.info("native library: {} ({})", selection.backend().label(), selection.reason());
    }
    LlamaLibrary library = LlamaLibrary.get(selection.source());
    List<GpuDevice> gpus = library.gpuDevices();
    if (selection.backend() == Backend.CUDA) {
      requireGpu(selection, library.supportsGpuOffload(), gpus);
      for (GpuDevice gpu : gpus) {
        LOG.info(
            "GPU {}: {} {}, {} MiB free of {} MiB",
            gpu.index(),
            gpu.name(),
            gpu.description(),
            gpu.freeBytes() >> 20,
            gpu.totalBytes() >> 20);
      }
    }
    GpuPlacement placement = GpuPlacement.of(settings, selection.backend(), gpus);
    LOG.info("placement: {}", placement.description());
    return new LlamaBackend(library, selection, gpus, placement);
  }

  /** What was chosen, with the layers offloaded clamped to the model's {@code layers} plus one. */
  BackendInfo info(int layers) {
    return new BackendInfo(
        selection.backend(),
        selection.reason(),
        gpus,
        (int) Math.min(placement.gpuLayers(), layers + 1L));
  }

  /**
   * Fails unless the loaded library offloads and sees a GPU: the binding's loader falls back to its
   * bundled CPU library when the CUDA one does not load, and ggml skips a CUDA backend module that
   * does not load (a missing CUDA runtime, say).
   */
  static void requireGpu(
      BackendSelector.Selection selection, boolean offloads, List<GpuDevice> gpus) {
    if (!offloads) {
      throw new EngineException(
          "backend cuda: the library loaded from "
              + selection.source().description()
              + " cannot offload to a GPU: its CUDA code did not load (is the CUDA runtime,"
              + " libcudart and libcublas of the version it was built for, on the library path?)");
    }
    if (gpus.isEmpty()) {
      throw new EngineException(
          "backend cuda: the CUDA library sees no GPU (driver too old for CUDA 12, or"
              + " CUDA_VISIBLE_DEVICES hides them)");
    }
  }
}
