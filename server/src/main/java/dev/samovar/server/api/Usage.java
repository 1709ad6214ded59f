package dev.samovar.server.api;

import dev.samovar.engine.GenerationResult;

/**
 * Token counts of one completion.
 *
 * @param promptTokens tokens in the rendered prompt
 * @param completionTokens tokens generated
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

  /** The usage of a finished generation. */
  public static Usage of(GenerationResult result) {
    return new Usage(
        result.promptTokens(),
        result.completionTokens(),
        result.promptTokens() + result.completionTokens(),
        new PromptTokensDetails(result.cachedPromptTokens()));
  }
}
