package dev.samovar.server.api;

import dev.samovar.engine.GenerationResult;
import java.util.List;

/**
 * Token counts of one completion request.
 *
 * @param promptTokens tokens in the prompt, counted once however many choices there are
 * @param completionTokens tokens generated, summed over the choices
 * @param totalTokens their sum
 * @param promptTokensDetails how many prompt tokens came from the KV cache
 */
public record Usage(
    int promptTokens,
    int completionTokens,
    int totalTokens,
    PromptTokensDetails promptTokensDetails) {

  /** Prompt tokens served from the KV cache instead of being computed again. */
  public record PromptTokensDetails(int cachedTokens) {}

  /**
   * The usage of finished choices, in choice order: every choice reads the same prompt, so it
   * counts once (a choice that never started reports 0 and is left out); cached tokens are the
   * first choice's.
   */
  public static Usage of(List<GenerationResult> choices) {
    int prompt = 0;
    int completion = 0;
    for (GenerationResult result : choices) {
      prompt = Math.max(prompt, result.promptTokens());
      completion += result.completionTokens();
    }
    return new Usage(
        prompt,
        completion,
        prompt + completion,
        new PromptTokensDetails(choices.getFirst().cachedPromptTokens()));
  }
}
