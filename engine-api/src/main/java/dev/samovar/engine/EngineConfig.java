package dev.samovar.engine;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * How to load a model: which file, under which id, with which adapters, and how the engine runs it.
 *
 * @param modelPath the GGUF file
 * @param modelId the id the model is served under
 * @param loras LoRA adapters (GGUF) applied at run time on top of the model, in order
 * @param settings how the engine runs the model
 */
public record EngineConfig(
    Path modelPath, String modelId, List<Lora> loras, EngineSettings settings) {

  /** The context length used when none is given and the model allows more. */
  public static final int MAX_DEFAULT_CONTEXT = 8192;

  public EngineConfig {
    Objects.requireNonNull(modelPath, "modelPath");
    Objects.requireNonNull(modelId, "modelId");
    Objects.requireNonNull(settings, "settings");
    loras = List.copyOf(loras);
  }

  /** {@code modelPath} served as {@code modelId}, without adapters. */
  public EngineConfig(Path modelPath, String modelId, EngineSettings settings) {
    this(modelPath, modelId, List.of(), settings);
  }

  /**
   * A configuration without LoRA adapters on the CPU library, with an F16 cache and no prompt cache
   * in host RAM.
   */
  public EngineConfig(
      Path modelPath, String modelId, int contextSize, int parallel, int threads, int batchSize) {
    this(
        modelPath,
        modelId,
        List.of(),
        new EngineSettings(
            contextSize, parallel, threads, batchSize, GpuSettings.cpu(), KvCacheType.F16, 0));
  }

  /** Defaults for one model file: its own context length, one sequence, all cores, batch 512. */
  public static EngineConfig of(Path modelPath, String modelId) {
    return new EngineConfig(modelPath, modelId, EngineSettings.cpu(0, 1, 0));
  }

  /** This configuration with the adapters {@code loras}. */
  public EngineConfig withLoras(List<Lora> loras) {
    return new EngineConfig(modelPath, modelId, loras, settings);
  }

  /** This configuration with a prompt cache of at most {@code bytes} in host RAM. */
  public EngineConfig withPromptCache(long bytes) {
    return new EngineConfig(modelPath, modelId, loras, settings.withPromptCache(bytes));
  }

  /** This configuration with the native library and GPU placement {@code gpu}. */
  public EngineConfig withGpu(GpuSettings gpu) {
    return new EngineConfig(modelPath, modelId, loras, settings.withGpu(gpu));
  }

  /** {@link EngineSettings#contextSize()}. */
  public int contextSize() {
    return settings.contextSize();
  }

  /** {@link EngineSettings#parallel()}. */
  public int parallel() {
    return settings.parallel();
  }

  /** {@link EngineSettings#threads()}. */
  public int threads() {
    return settings.threads();
  }

  /** {@link EngineSettings#batchSize()}. */
  public int batchSize() {
    return settings.batchSize();
  }

  /** {@link EngineSettings#gpu()}. */
  public GpuSettings gpu() {
    return settings.gpu();
  }

  /** {@link EngineSettings#kvCache()}. */
  public KvCacheType kvCache() {
    return settings.kvCache();
  }

  /** {@link EngineSettings#promptCacheBytes()}. */
  public long promptCacheBytes() {
    return settings.promptCacheBytes();
  }

  /**
   * A GGUF LoRA adapter and the factor its update is multiplied by (1 as trained).
   *
   * @param path the adapter file
   * @param scale the adapter's strength
   */
  public record Lora(Path path, float scale) {
    public Lora {
      Objects.requireNonNull(path, "path");
      if (!Float.isFinite(scale)) {
        throw new IllegalArgumentException("LoRA scale must be finite: " + scale);
      }
    }
  }
}
