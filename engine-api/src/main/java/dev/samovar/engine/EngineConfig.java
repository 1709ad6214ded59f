package dev.samovar.engine;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * How to load a model.
 *
 * @param modelPath the GGUF file
 * @param modelId the id the model is served under
 * @param contextSize tokens per sequence; 0 means the model's context length, at most {@link
 *     #MAX_DEFAULT_CONTEXT}
 * @param parallel sequences that generate at once
 * @param threads CPU threads for decoding; 0 means all available processors
 * @param batchSize most tokens fed to one decode step (prompt chunks are this long)
 * @param loras LoRA adapters (GGUF) applied at run time on top of the model, in order
 * @param gpu the native library and GPU placement
 * @param kvCache the element type of the attention key/value cache
 * @param promptCacheBytes the most bytes of KV-cache states the engine keeps in host RAM for
 *     prompts that continue them (llama-server's {@code --cache-ram}); -1 for no bound, 0 for none
 */
public record EngineConfig(
    Path modelPath,
    String modelId,
    int contextSize,
    int parallel,
    int threads,
    int batchSize,
    List<Lora> loras,
    GpuSettings gpu,
    KvCacheType kvCache,
    long promptCacheBytes) {

  /** The context length used when none is given and the model allows more. */
  public static final int MAX_DEFAULT_CONTEXT = 8192;

  public EngineConfig {
    Objects.requireNonNull(modelPath, "modelPath");
    Objects.requireNonNull(modelId, "modelId");
    Objects.requireNonNull(gpu, "gpu");
    Objects.requireNonNull(kvCache, "kvCache");
    if (contextSize < 0) {
      throw new IllegalArgumentException("context size must be >= 0: " + contextSize);
    }
    if (parallel < 1) {
      throw new IllegalArgumentException("parallel must be >= 1: " + parallel);
    }
    if (threads < 0) {
      throw new IllegalArgumentException("threads must be >= 0: " + threads);
    }
    if (batchSize < 1) {
      throw new IllegalArgumentException("batch size must be >= 1: " + batchSize);
    }
    if (promptCacheBytes < -1) {
      throw new IllegalArgumentException(
          "prompt cache bytes must be -1 (no bound), 0 (none) or more: " + promptCacheBytes);
    }
    loras = List.copyOf(loras);
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
        contextSize,
        parallel,
        threads,
        batchSize,
        List.of(),
        GpuSettings.cpu(),
        KvCacheType.F16,
        0);
  }

  /** This configuration with a prompt cache of at most {@code bytes} in host RAM. */
  public EngineConfig withPromptCache(long bytes) {
    return new EngineConfig(
        modelPath, modelId, contextSize, parallel, threads, batchSize, loras, gpu, kvCache, bytes);
  }

  /** Defaults for one model file: its own context length, one sequence, all cores, batch 512. */
  public static EngineConfig of(Path modelPath, String modelId) {
    return new EngineConfig(modelPath, modelId, 0, 1, 0, 512);
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
