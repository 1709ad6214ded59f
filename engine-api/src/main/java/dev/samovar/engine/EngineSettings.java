package dev.samovar.engine;

import java.util.Objects;

/**
 * How the engine runs a model, whichever model it is: the options of {@code serve}, {@code bench
 * load --engine-direct} and {@code train smoke}. Values out of range fail with an {@link
 * InvalidSettingException} named as the flag.
 *
 * @param contextSize tokens per sequence; 0 means the model's context length, at most {@link
 *     EngineConfig#MAX_DEFAULT_CONTEXT}
 * @param parallel sequences that generate at once
 * @param threads CPU threads for decoding; 0 means all available processors
 * @param batchSize most tokens fed to one decode step (prompt chunks are this long)
 * @param gpu the native library and GPU placement
 * @param kvCache the element type of the attention key/value cache
 * @param promptCacheBytes the most bytes of KV-cache states the engine keeps in host RAM for
 *     prompts that continue them (llama-server's {@code --cache-ram}); -1 for no bound, 0 for none
 */
public record EngineSettings(
    int contextSize,
    int parallel,
    int threads,
    int batchSize,
    GpuSettings gpu,
    KvCacheType kvCache,
    long promptCacheBytes) {

  /** The most tokens fed to one decode step unless a command asks otherwise. */
  public static final int DEFAULT_BATCH_SIZE = 512;

  public EngineSettings {
    Objects.requireNonNull(gpu, "gpu");
    Objects.requireNonNull(kvCache, "kvCache");
    InvalidSettingException.atLeast("ctx-size", contextSize, 0);
    InvalidSettingException.atLeast("parallel", parallel, 1);
    InvalidSettingException.atLeast("threads", threads, 0);
    InvalidSettingException.atLeast("batch-size", batchSize, 1);
    InvalidSettingException.require(
        promptCacheBytes >= -1,
        "cache-ram",
        "must be -1 (no bound), 0 (none) or more: " + promptCacheBytes + " bytes");
  }

  /**
   * {@code contextSize} tokens for each of {@code parallel} sequences on the CPU library, {@code
   * threads} threads, batches of {@value #DEFAULT_BATCH_SIZE}, an F16 cache and no prompt cache in
   * host RAM.
   */
  public static EngineSettings cpu(int contextSize, int parallel, int threads) {
    return new EngineSettings(
        contextSize, parallel, threads, DEFAULT_BATCH_SIZE, GpuSettings.cpu(), KvCacheType.F16, 0);
  }

  /** These settings with the native library and GPU placement {@code gpu}. */
  public EngineSettings withGpu(GpuSettings gpu) {
    return new EngineSettings(
        contextSize, parallel, threads, batchSize, gpu, kvCache, promptCacheBytes);
  }

  /** These settings with a prompt cache of at most {@code bytes} in host RAM. */
  public EngineSettings withPromptCache(long bytes) {
    return new EngineSettings(contextSize, parallel, threads, batchSize, gpu, kvCache, bytes);
  }
}
