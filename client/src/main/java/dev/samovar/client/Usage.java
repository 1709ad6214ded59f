package dev.samovar.client;

/**
 * The {@code usage} of a chat completion answer.
 *
 * @param promptTokens {@code prompt_tokens}
 * @param completionTokens {@code completion_tokens}
 */
public record Usage(long promptTokens, long completionTokens) {
  public Usage {
    if (promptTokens < 0 || completionTokens < 0) {
      throw new IllegalArgumentException(
          "token counts must be >= 0: " + promptTokens + ", " + completionTokens);
    }
  }
}
