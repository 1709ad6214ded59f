package dev.samovar.engine;

/**
 * A GPU the native library sees (ggml's backend device enumeration).
 *
 * @param index its number for {@code --main-gpu} and {@code --tensor-split}, in enumeration order
 * @param name the backend's name for it, e.g. {@code CUDA0}
 * @param description the device's own name, e.g. {@code NVIDIA H100 80GB HBM3}
 * @param freeBytes free memory when it was enumerated
 * @param totalBytes its memory
 */
public record GpuDevice(
    int index, String name, String description, long freeBytes, long totalBytes) {}
