package dev.samovar.training;

import dev.samovar.engine.EngineException;
import dev.samovar.engine.FinishReason;
import dev.samovar.engine.GenerationRequest;
import dev.samovar.engine.GenerationResult;
import dev.samovar.engine.GenerationSink;
import dev.samovar.engine.InferenceEngine;
import dev.samovar.engine.Prompt;
import dev.samovar.engine.TextDelta;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Greedy generation through the engine contract, collecting token ids. */
final class Engines {
  private Engines() {}

  /**
   * The generated tokens and how the generation ended.
   *
   * @param tokens sampled ids, the end-of-generation token included
   * @param finish why it ended
   */
  record Generated(List<Integer> tokens, FinishReason finish, String text) {}

  /** Greedy tokens after BOS + {@code text}. */
  static Generated greedy(InferenceEngine engine, String text, int maxTokens) throws Exception {
    Prompt prompt =
        new Prompt(
            List.of(new Prompt.Text("<|begin_of_text|>", true), new Prompt.Text(text, false)));
    return greedy(engine, prompt, maxTokens);
  }

  static Generated greedy(InferenceEngine engine, Prompt prompt, int maxTokens) throws Exception {
    List<Integer> tokens = new ArrayList<>();
    StringBuilder text = new StringBuilder();
    CompletableFuture<GenerationResult> done = new CompletableFuture<>();
    engine.submit(
        GenerationRequest.builder(prompt).maxTokens(maxTokens).build(),
        new GenerationSink() {
          @Override
          public void onDelta(TextDelta delta) {
            for (int token : delta.tokens()) {
              tokens.add(token);
            }
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
    return new Generated(List.copyOf(tokens), result.finishReason(), text.toString());
  }
}
