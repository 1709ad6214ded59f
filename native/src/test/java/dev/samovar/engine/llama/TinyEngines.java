package dev.samovar.engine.llama;

import dev.samovar.engine.EngineConfig;
import dev.samovar.engine.EngineSettings;
import dev.samovar.engine.GenerationRequest;
import dev.samovar.engine.GpuSettings;
import dev.samovar.engine.InferenceEngine;
import dev.samovar.engine.KvCacheType;
import dev.samovar.engine.Prompt;
import dev.samovar.engine.SamplingParams;
import dev.samovar.models.tiny.TinyModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Engines over the tiny model that the models module writes, for the integration tests. */
final class TinyEngines {
  private TinyEngines() {}

  /**
   * Writes the tiny model into {@code dir} and loads it with the given context and parallelism, on
   * one decoding thread: ggml's worker threads wait for each other by spinning, which on a small
   * machine shared with the JVM costs far more than a second thread gains.
   */
  static InferenceEngine load(Path dir, int contextSize, int parallel) {
    return load(dir, contextSize, parallel, KvCacheType.F16);
  }

  /** As {@link #load(Path, int, int)}, with the KV cache in {@code kvCache}. */
  static InferenceEngine load(Path dir, int contextSize, int parallel, KvCacheType kvCache) {
    Path file = dir.resolve("tiny.gguf");
    if (!Files.exists(file)) {
      TinyModel.write(file);
    }
    return LlamaEngine.load(
        new EngineConfig(
            file,
            "tiny",
            List.of(),
            new EngineSettings(contextSize, parallel, 1, 64, GpuSettings.cpu(), kvCache, 0)));
  }

  static GenerationRequest greedy(Prompt prompt, Integer maxTokens, String... stops) {
    return GenerationRequest.builder(prompt)
        .sampling(SamplingParams.greedy())
        .maxTokens(maxTokens)
        .stop(List.of(stops))
        .build();
  }
}
