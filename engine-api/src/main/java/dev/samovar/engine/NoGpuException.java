package dev.samovar.engine;

/**
 * GPU offloading was asked for ({@link GpuLayers.All} or a count above zero) but the model runs on
 * the CPU library: no GPU library is installed or no GPU is visible. Callers that asked for a GPU
 * only where one exists load again without offloading.
 */
public final class NoGpuException extends ModelLoadException {
  public NoGpuException(String message) {
    super(message);
  }
}
