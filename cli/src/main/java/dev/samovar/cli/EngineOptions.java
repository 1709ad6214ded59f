package dev.samovar.cli;

import dev.samovar.engine.Backend;
import dev.samovar.engine.EngineConfig;
import dev.samovar.engine.EngineSettings;
import dev.samovar.engine.Engines;
import dev.samovar.engine.GpuLayers;
import dev.samovar.engine.GpuSettings;
import dev.samovar.engine.InferenceEngine;
import dev.samovar.engine.InvalidSettingException;
import dev.samovar.engine.KvCacheType;
import dev.samovar.engine.NoGpuException;
import dev.samovar.engine.SplitMode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;

/**
 * How a command runs a model in process: the options of {@code serve}, {@code bench load
 * --engine-direct} and {@code train smoke}, turned into {@link EngineSettings}. A command whose
 * defaults differ sets them with {@link #defaults}. The backend and CUDA library folder come from
 * {@code SAMOVAR_BACKEND} and {@code SAMOVAR_CUDA_LIB} like every setting ({@link SettingsSource}).
 */
public final class EngineOptions {
  /** The options' names, in help order. */
  public static final List<String> NAMES =
      List.of(
          "--ctx-size",
          "--parallel",
          "--threads",
          "--backend",
          "--cuda-lib",
          "--gpu-layers",
          "--split-mode",
          "--tensor-split",
          "--main-gpu",
          "--flash-attn");

  @Option(
      names = "--ctx-size",
      defaultValue = "0",
      paramLabel = "TOKENS",
      description =
          "Context per sequence; 0 means the model's context length, at most "
              + EngineConfig.MAX_DEFAULT_CONTEXT
              + " (default: ${DEFAULT-VALUE}).")
  private int contextSize;

  @Option(
      names = "--parallel",
      defaultValue = "1",
      paramLabel = "N",
      description = "Sequences that generate at once (default: ${DEFAULT-VALUE}).")
  private int parallel;

  @Option(
      names = "--threads",
      defaultValue = "0",
      paramLabel = "N",
      description = "CPU threads for decoding; 0 means all cores (default: ${DEFAULT-VALUE}).")
  private int threads;

  @Option(
      names = "--backend",
      defaultValue = "auto",
      paramLabel = "auto|cpu|cuda",
      description =
          "Native library: cuda when its library is installed and a GPU is visible (auto), the"
              + " CPU library (cpu: llama.cpp v0.5.0 on Linux x86-64, else b4916; $SAMOVAR_LLAMA_CPP"
              + " picks), or CUDA or fail (cuda) (default: ${DEFAULT-VALUE}).")
  private String backend;

  @Option(
      names = "--cuda-lib",
      paramLabel = "DIR",
      description =
          "Folder of the CUDA libraries: llama.cpp's (native/llama-cpp/install-cuda.sh) or a CUDA"
              + " build of libjllama.so (default: ${XDG_DATA_HOME:-~/.local/share}/samovar/cuda).")
  private Path cudaLibrary;

  @Option(
      names = "--gpu-layers",
      paramLabel = "auto|all|N",
      description =
          "Layers offloaded to the GPUs: as many as fit in their free memory (auto: serve, which"
              + " measures the model, and its default), all, or the last N (default of the other"
              + " commands: all where a GPU is, else none).")
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
   * Sets a command's own defaults for some of these options, e.g. {@code --ctx-size 2048} for a
   * smoke test.
   *
   * @param command the command the options are mixed into
   * @param values option name to default value
   */
  public static CommandLine defaults(CommandLine command, Map<String, String> values) {
    CommandSpec spec = command.getCommandSpec();
    for (String name : NAMES) {
      OptionSpec option = spec.findOption(name);
      spec.remove(option);
      spec.addOption(
          values.containsKey(name)
              ? option.toBuilder().defaultValue(values.get(name)).build()
              : option);
    }
    return command;
  }

  /**
   * The settings these options give: batches of {@value EngineSettings#DEFAULT_BATCH_SIZE} tokens,
   * an F16 cache and no prompt cache in host RAM.
   *
   * @param env where {@code XDG_DATA_HOME} and {@code HOME} are read for the CUDA folder
   * @throws InvalidSettingException for a value out of range or one that does not parse, naming its
   *     flag
   */
  public EngineSettings settings(Map<String, String> env) {
    return settings(env, 0, 0);
  }

  /**
   * The settings, where a command gives 0 its own meaning for {@code --ctx-size} or {@code
   * --parallel}.
   *
   * @param contextWhenZero the context size for {@code --ctx-size 0}
   * @param parallelWhenZero the sequences for {@code --parallel 0}
   */
  public EngineSettings settings(
      Map<String, String> env, int contextWhenZero, int parallelWhenZero) {
    return new EngineSettings(
        contextSize == 0 ? contextWhenZero : contextSize,
        parallel == 0 ? parallelWhenZero : parallel,
        threads,
        EngineSettings.DEFAULT_BATCH_SIZE,
        gpu(env),
        KvCacheType.F16,
        0);
  }

  /**
   * Loads {@code config}. Without {@code --gpu-layers} on the auto backend, a machine without a GPU
   * runs the model on the CPU instead of failing.
   *
   * @throws InvalidSettingException for {@code --gpu-layers auto} when the command did not measure
   *     the model ({@link GpuSettings#withFootprint})
   */
  public InferenceEngine load(EngineConfig config) {
    InvalidSettingException.require(
        !(config.gpu().gpuLayers() instanceof GpuLayers.Auto) || config.gpu().footprint() != null,
        "gpu-layers",
        "auto needs the model's memory footprint, which only samovar serve measures: give all or a"
            + " count");
    try {
      return Engines.load(config);
    } catch (NoGpuException e) {
      if (gpuLayers != null || config.gpu().backend() != Backend.AUTO) {
        throw e;
      }
      return Engines.load(config.withGpu(config.gpu().withLayers(new GpuLayers.Count(0))));
    }
  }

  private GpuSettings gpu(Map<String, String> env) {
    Backend library = parse("--backend", () -> Backend.parse(backend));
    GpuLayers layers;
    if (gpuLayers != null) {
      layers = parse("--gpu-layers", () -> GpuLayers.parse(gpuLayers));
    } else {
      layers = library == Backend.CPU ? new GpuLayers.Count(0) : new GpuLayers.All();
    }
    return new GpuSettings(
        library,
        cudaLibrary != null ? cudaLibrary : GpuSettings.cudaLibraryFolder(env),
        layers,
        parse("--split-mode", () -> SplitMode.parse(splitMode)),
        parse("--tensor-split", this::shares),
        mainGpu,
        flashAttention,
        null);
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
    return shares;
  }

  private static <T> T parse(String option, Supplier<T> parser) {
    try {
      return parser.get();
    } catch (IllegalArgumentException e) {
      throw new InvalidSettingException(option.substring(2), ": " + e.getMessage());
    }
  }
}
