package dev.samovar.training;

import dev.samovar.engine.EngineConfig;
import dev.samovar.engine.EngineException;
import dev.samovar.engine.EngineSettings;
import dev.samovar.engine.FinishReason;
import dev.samovar.engine.GenerationRequest;
import dev.samovar.engine.GenerationResult;
import dev.samovar.engine.GenerationSink;
import dev.samovar.engine.GpuSettings;
import dev.samovar.engine.InferenceEngine;
import dev.samovar.engine.KvCacheType;
import dev.samovar.engine.Prompt;
import dev.samovar.engine.TextDelta;
import dev.samovar.engine.TokenLogprob;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Greedy generation through the engine contract, collecting token ids and log-probabilities. */
final class ReferenceEngines {
  private ReferenceEngines() {}

  /**
   * The generated tokens and how the generation ended.
   *
   * @param tokens sampled ids, the end-of-generation token included
   * @param finish why it ended
   * @param logprobs one entry per token, with the {@value GenerationRequest#MAX_TOP_LOGPROBS} most
   *     likely alternatives
   */
  record Generated(
      List<Integer> tokens, FinishReason finish, String text, List<TokenLogprob> logprobs) {}

  /**
   * A configuration for {@code model} on the CPU library with the KV cache in F32, so that the
   * engine's logits differ from a float64 forward pass only by float32 rounding (llama.cpp's
   * default F16 cache alone adds about 1e-3 relative error).
   */
  static EngineConfig f32Cache(Path model, String id, EngineConfig.Lora... loras) {
    return new EngineConfig(
        model,
        id,
        List.of(loras),
        new EngineSettings(0, 1, 0, 512, GpuSettings.cpu(), KvCacheType.F32, 0));
  }

  /** Greedy tokens after BOS + {@code text}. */
  static Generated greedy(InferenceEngine engine, String text, int maxTokens) throws Exception {
    Prompt prompt =
        new Prompt(
            List.of(new Prompt.Text("<|begin_of_text|>", true), new Prompt.Text(text, false)));
    return greedy(engine, prompt, maxTokens);
  }

  static Generated greedy(InferenceEngine engine, Prompt prompt, int maxTokens) throws Exception {
    List<Integer> tokens = new ArrayList<>();
    List<TokenLogprob> logprobs = new ArrayList<>();
    StringBuilder text = new StringBuilder();
    CompletableFuture<GenerationResult> done = new CompletableFuture<>();
    engine.submit(
        GenerationRequest.builder(prompt)
            .maxTokens(maxTokens)
            .topLogprobs(GenerationRequest.MAX_TOP_LOGPROBS)
            .build(),
        new GenerationSink() {
          @Override
          public void onDelta(TextDelta delta) {
            for (int token : delta.tokens()) {
              tokens.add(token);
            }
            logprobs.addAll(delta.logprobs());
            text.append(delta.text());
          }

          @Override
          public void onComplete(GenerationResult result) {
            done.complete(result);
          }

          @Override
          public void onError(EngineException error) {
            done.completeExceptionally(error);
          }
        });
    GenerationResult result = done.get(60, TimeUnit.SECONDS);
    return new Generated(
        List.copyOf(tokens), result.finishReason(), text.toString(), List.copyOf(logprobs));
  }
}
