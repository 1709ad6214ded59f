package dev.samovar.engine;

import java.util.List;
import java.util.Objects;

/**
 * The native library a model runs on and where its layers went.
 *
 * @param backend {@link Backend#CPU} or {@link Backend#CUDA}, never auto
 * @param reason why this library was chosen, for the log
 * @param devices the GPUs the library sees, empty on the CPU
 * @param gpuLayers the layers offloaded (llama.cpp's {@code n_gpu_layers}; the model's layer count
 *     plus one means all, the output layer included)
 */
public record BackendInfo(Backend backend, String reason, List<GpuDevice> devices, int gpuLayers) {
  public BackendInfo {
    Objects.requireNonNull(backend, "backend");
    Objects.requireNonNull(reason, "reason");
    devices = List.copyOf(devices);
  }
}
