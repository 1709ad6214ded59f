package dev.samovar.bench.cli;

import dev.samovar.bench.load.EngineDirectTarget;
import dev.samovar.engine.GpuSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * The options of {@code bench load --engine-direct}: the model file and how the in-process engine
 * runs it. The backend and CUDA library folder default as for {@code samovar serve}.
 */
public final class EngineDirectOptions {
  @Option(
      names = "--engine-direct",
      paramLabel = "MODEL.gguf",
      description =
          "Run the workload through the in-process engine on this model file, without HTTP (the"
              + " limit for the server's overhead); instead of --endpoint.")
  private Path model;

  @Option(
      names = "--ctx-size",
      paramLabel = "N",
      description =
          "Engine-direct: tokens per sequence (default: input + output tokens with room to spare"
              + " for synthetic prompts, the model's own context for mt-bench).")
  private Integer contextSize;

  @Option(
      names = "--parallel",
      paramLabel = "P",
      description =
          "Engine-direct: sequences generated at once (default: the highest concurrency).")
  private Integer parallel;

  @Option(
      names = "--threads",
      defaultValue = "0",
      paramLabel = "T",
      description = "Engine-direct: CPU threads (default: all cores).")
  private int threads;

  @Option(
      names = "--backend",
      paramLabel = "auto|cpu|cuda",
      description =
          "Engine-direct: native library, as for samovar serve (default: $SAMOVAR_BACKEND, else"
              + " auto).")
  private String backend;

  @Option(
      names = "--cuda-lib",
      paramLabel = "DIR",
      description =
          "Engine-direct: folder of the CUDA libraries, as for samovar serve (default: $SAMOVAR_CUDA_LIB,"
              + " else ${XDG_DATA_HOME:-~/.local/share}/samovar/cuda).")
  private Path cudaLibrary;

  @Option(
      names = "--gpu-layers",
      paramLabel = "all|N",
      description =
          "Engine-direct: layers offloaded to the GPU (default: all when a GPU is in use, else"
              + " none).")
  private String gpuLayers;

  @Option(names = "--flash-attn", description = "Engine-direct: use flash attention.")
  private boolean flashAttention;

  /** The model file, when the engine-direct mode is asked for. */
  Optional<Path> model() {
    return Optional.ofNullable(model);
  }

  /** Fails when an engine option is given without {@code --engine-direct}. */
  void requireModelForOptions(CommandLine commandLine) {
    if (model == null
        && (contextSize != null
            || parallel != null
            || threads != 0
            || backend != null
            || cudaLibrary != null
            || gpuLayers != null
            || flashAttention)) {
      throw new ParameterException(
          commandLine,
          "--ctx-size, --parallel, --threads, --backend, --cuda-lib, --gpu-layers and --flash-attn"
              + " need"
              + " --engine-direct MODEL.gguf");
    }
  }

  /**
   * The engine settings.
   *
   * @param defaultContext the context size when none is given
   * @param maxConcurrency the highest level, the default and minimum for {@code --parallel}
   */
  EngineDirectTarget.Settings settings(
      CommandLine commandLine, Map<String, String> env, int defaultContext, int maxConcurrency) {
    if (!Files.isRegularFile(model)) {
      throw new ParameterException(commandLine, "--engine-direct: no such file: " + model);
    }
    int sequences = parallel == null ? maxConcurrency : parallel;
    if (sequences < maxConcurrency) {
      throw new ParameterException(
          commandLine,
          "--parallel "
              + sequences
              + " is below the highest --concurrency "
              + maxConcurrency
              + ": requests would queue inside the engine");
    }
    int context = contextSize == null ? defaultContext : contextSize;
    if (context < 0) {
      throw new ParameterException(commandLine, "--ctx-size must be >= 0: " + context);
    }
    if (threads < 0) {
      throw new ParameterException(commandLine, "--threads must be >= 0: " + threads);
    }
    return new EngineDirectTarget.Settings(
        model,
        context,
        sequences,
        threads,
        backend != null ? backend : backend(env),
        cudaLibrary != null ? cudaLibrary : GpuSettings.cudaLibraryFolder(env),
        Optional.ofNullable(gpuLayers),
        flashAttention);
  }

  private static String backend(Map<String, String> env) {
    String configured = env.get("SAMOVAR_BACKEND");
    return configured == null || configured.isBlank() ? "auto" : configured;
  }
}
