package dev.samovar.server.cli;

import dev.samovar.engine.Backend;
import dev.samovar.engine.GpuLayers;
import dev.samovar.engine.GpuSettings;
import dev.samovar.engine.SplitMode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * The native-library and GPU options of {@code serve}. The backend and the CUDA library folder also
 * come from {@code SAMOVAR_BACKEND} and {@code SAMOVAR_CUDA_LIB}; the flags win.
 */
public final class GpuOptions {
  static final String BACKEND_ENV = "SAMOVAR_BACKEND";
  static final String CUDA_LIB_ENV = GpuSettings.CUDA_LIBRARY_ENV;

  @Option(
      names = "--backend",
      paramLabel = "auto|cpu|cuda",
      description =
          "Native library: cuda when its library is installed and a GPU is visible (auto), the"
              + " CPU library (cpu: llama.cpp v0.5.0 on Linux x86-64, else b4916; $SAMOVAR_LLAMA_CPP"
              + " picks), or CUDA or fail (cuda) (default: $"
              + BACKEND_ENV
              + ", else auto).")
  private String backend;

  @Option(
      names = "--cuda-lib",
      paramLabel = "DIR",
      description =
          "Folder of the CUDA libraries: llama.cpp's (native/llama-cpp/install-cuda.sh) or a CUDA"
              + " build of libjllama.so (default: $"
              + CUDA_LIB_ENV
              + ", else ${XDG_DATA_HOME:-~/.local/share}/samovar/cuda).")
  private Path cudaLibrary;

  @Option(
      names = "--gpu-layers",
      defaultValue = "auto",
      paramLabel = "auto|all|N",
      description =
          "Layers offloaded to the GPUs: as many as fit in their free memory (auto), all, or the"
              + " last N (default: ${DEFAULT-VALUE}).")
  private String gpuLayers;

  @Option(
      names = "--split-mode",
      defaultValue = "layer",
      paramLabel = "layer|row|none",
      description =
          "How several GPUs share the model: whole layers, rows of every matrix, or all on the"
              + " main GPU (default: ${DEFAULT-VALUE}).")
  private String splitMode;

  @Option(
      names = "--tensor-split",
      paramLabel = "SHARES",
      description =
          "Each GPU's share, e.g. 1,1 for two equal GPUs (default: in proportion to free"
              + " memory).")
  private String tensorSplit;

  @Option(
      names = "--main-gpu",
      defaultValue = "0",
      paramLabel = "N",
      description =
          "GPU for what is not split (split modes row and none) (default: ${DEFAULT-VALUE}).")
  private int mainGpu;

  @Option(
      names = "--flash-attn",
      description = "Use flash attention (less memory for long contexts on GPUs).")
  private boolean flashAttention;

  /**
   * The settings, without the model's per-layer sizes ({@link GpuSettings#withFootprint} adds
   * them).
   *
   * @throws ParameterException for a value that does not parse
   */
  GpuSettings settings(CommandLine commandLine, Map<String, String> env) {
    try {
      if (mainGpu < 0) {
        throw new IllegalArgumentException("--main-gpu must be >= 0: " + mainGpu);
      }
      List<Double> shares = parse("--tensor-split", this::shares);
      return new GpuSettings(
          backend(env),
          cudaLibrary(env),
          parse("--gpu-layers", () -> GpuLayers.parse(gpuLayers)),
          parse("--split-mode", () -> SplitMode.parse(splitMode)),
          shares,
          mainGpu,
          flashAttention,
          null);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(commandLine, e.getMessage());
    }
  }

  private Backend backend(Map<String, String> env) {
    if (backend != null) {
      return parse("--backend", () -> Backend.parse(backend));
    }
    String configured = env.get(BACKEND_ENV);
    return configured == null || configured.isBlank()
        ? Backend.AUTO
        : parse(BACKEND_ENV, () -> Backend.parse(configured));
  }

  /** The CUDA library folder: the flag, the environment, then the per-user data folder. */
  Path cudaLibrary(Map<String, String> env) {
    return cudaLibrary != null ? cudaLibrary : GpuSettings.cudaLibraryFolder(env);
  }

  private List<Double> shares() {
    if (tensorSplit == null) {
      return List.of();
    }
    List<Double> shares = new ArrayList<>();
    for (String part : tensorSplit.split(",", -1)) {
      try {
        shares.add(Double.parseDouble(part.strip()));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(
            "'" + tensorSplit + "' is not a list of numbers like 1,1", e);
      }
    }
    double total = 0;
    for (double share : shares) {
      if (!(share >= 0) || Double.isInfinite(share)) {
        throw new IllegalArgumentException("shares must be >= 0: '" + tensorSplit + "'");
      }
      total += share;
    }
    if (total <= 0) {
      throw new IllegalArgumentException("needs a share > 0: '" + tensorSplit + "'");
    }
    return shares;
  }

  private static <T> T parse(String option, Supplier<T> parser) {
    try {
      return parser.get();
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(option + ": " + e.getMessage(), e);
    }
  }
}
