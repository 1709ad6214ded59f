package dev.samovar.engine;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Which native library runs the model and how the model is placed on GPUs (llama.cpp's {@code
 * llama_model_params} and the context's {@code flash_attn}).
 *
 * @param backend the library to use
 * @param cudaLibrary the folder of the CUDA libraries (llama.cpp's {@code libllama*.so} with
 *     libggml-cuda, or a CUDA build of de.kherud:llama's {@code libjllama.so}); null when none is
 *     configured
 * @param gpuLayers how many layers to offload
 * @param splitMode how several GPUs share the model
 * @param tensorSplit each GPU's share (any positive scale); empty means in proportion to their free
 *     memory
 * @param mainGpu the GPU for everything that is not split (split mode none and row)
 * @param flashAttention whether attention uses the flash-attention kernels
 * @param footprint the model's per-layer sizes, needed for {@link GpuLayers.Auto}; null when not
 *     known (auto then offloads nothing)
 */
public record GpuSettings(
    Backend backend,
    Path cudaLibrary,
    GpuLayers gpuLayers,
    SplitMode splitMode,
    List<Double> tensorSplit,
    int mainGpu,
    boolean flashAttention,
    ModelFootprint footprint) {

  public GpuSettings {
    Objects.requireNonNull(backend, "backend");
    Objects.requireNonNull(gpuLayers, "gpuLayers");
    Objects.requireNonNull(splitMode, "splitMode");
    tensorSplit = List.copyOf(tensorSplit);
    for (double share : tensorSplit) {
      InvalidSettingException.require(
          share >= 0 && !Double.isInfinite(share),
          "tensor-split",
          "shares must be >= 0: " + tensorSplit);
    }
    InvalidSettingException.require(
        tensorSplit.isEmpty() || tensorSplit.stream().mapToDouble(Double::doubleValue).sum() > 0,
        "tensor-split",
        "needs a share > 0: " + tensorSplit);
    InvalidSettingException.atLeast("main-gpu", mainGpu, 0);
  }

  /** The environment variable that names the CUDA library folder. */
  public static final String CUDA_LIBRARY_ENV = "SAMOVAR_CUDA_LIB";

  /**
   * The CUDA library folder {@code env} names in {@value #CUDA_LIBRARY_ENV}, else the per-user data
   * folder's {@code samovar/cuda} ({@code $XDG_DATA_HOME}, else {@code ~/.local/share}), where
   * native/llama-cpp/install-cuda.sh and native/cuda/build-cuda.sh install.
   */
  public static Path cudaLibraryFolder(Map<String, String> env) {
    String configured = env.get(CUDA_LIBRARY_ENV);
    if (configured != null && !configured.isBlank()) {
      return Path.of(configured);
    }
    String data = env.get("XDG_DATA_HOME");
    Path base =
        data != null && !data.isBlank()
            ? Path.of(data)
            : Path.of(env.getOrDefault("HOME", System.getProperty("user.home")), ".local", "share");
    return base.resolve("samovar").resolve("cuda");
  }

  /** These settings with the model's per-layer sizes for {@link GpuLayers.Auto}. */
  public GpuSettings withFootprint(ModelFootprint footprint) {
    return new GpuSettings(
        backend,
        cudaLibrary,
        gpuLayers,
        splitMode,
        tensorSplit,
        mainGpu,
        flashAttention,
        footprint);
  }

  /** These settings with {@code gpuLayers} offloaded. */
  public GpuSettings withLayers(GpuLayers gpuLayers) {
    return new GpuSettings(
        backend,
        cudaLibrary,
        gpuLayers,
        splitMode,
        tensorSplit,
        mainGpu,
        flashAttention,
        footprint);
  }

  /** The CPU library, no offloading. */
  public static GpuSettings cpu() {
    return new GpuSettings(
        Backend.CPU, null, new GpuLayers.Count(0), SplitMode.LAYER, List.of(), 0, false, null);
  }
}
