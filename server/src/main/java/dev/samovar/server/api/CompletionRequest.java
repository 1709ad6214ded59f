package dev.samovar.server.api;

/**
 * A validated {@code /v1/completions} request.
 *
 * @param params the fields chat and text completions share; {@code maxTokens} defaults to {@link
 *     #DEFAULT_MAX_TOKENS}
 * @param prompt the prompt as text or token ids
 * @param logprobs null, or how many alternatives (0-5) to report per token in the legacy shape
 */
public record CompletionRequest(
    GenerationParams params, CompletionPrompt prompt, Integer logprobs) {

  /** OpenAI's default {@code max_tokens} for text completions. */
  public static final int DEFAULT_MAX_TOKENS = 16;

  /** The most alternatives legacy {@code logprobs} may ask for. */
  public static final int MAX_LOGPROBS = 5;

  /** A text completion prompt. */
  public sealed interface CompletionPrompt permits Text, Tokens {}

  /** Prompt text; the server tokenizes it with BOS and control-token text parsed. */
  public record Text(String text) implements CompletionPrompt {}

  /** Prompt token ids, fed as they are. */
  public record Tokens(int[] ids) implements CompletionPrompt {
    public Tokens {
      ids = ids.clone();
    }

    @Override
    public int[] ids() {
      return ids.clone();
    }
  }
}
