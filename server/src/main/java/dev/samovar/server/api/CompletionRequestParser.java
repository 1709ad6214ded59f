package dev.samovar.server.api;

import static dev.samovar.server.api.Fields.field;
import static dev.samovar.server.api.Fields.wrongType;

import com.fasterxml.jackson.databind.JsonNode;
import dev.samovar.server.error.InvalidRequestException;

/**
 * Reads a {@code /v1/completions} body. {@code prompt} is one string or one array of token ids;
 * {@code echo}, {@code suffix} and {@code best_of} are refused rather than ignored.
 */
public final class CompletionRequestParser {

  private CompletionRequestParser() {}

  /**
   * Parses and validates a request body.
   *
   * @param vocabSize how many tokens the model has (prompt token ids must be below it)
   */
  public static CompletionRequest parse(byte[] body, int vocabSize) {
    JsonNode root = JsonBody.object(body);
    Fields.unsupported(root, "echo", "echo", "the answer never repeats the prompt.");
    Fields.unsupported(root, "suffix", "suffix", "this model has no fill-in-the-middle format.");
    Integer bestOf = Fields.integer(root, "best_of", "best_of", 1, Integer.MAX_VALUE);
    if (bestOf != null && bestOf != 1) {
      throw new InvalidRequestException(
          "'best_of' is not supported: ask for several choices with 'n' instead.", "best_of");
    }
    GenerationParams read = GenerationParams.read(root);
    GenerationParams params =
        read.maxTokens() != null
            ? read
            : new GenerationParams(
                read.model(),
                read.sampling(),
                CompletionRequest.DEFAULT_MAX_TOKENS,
                read.stop(),
                read.n(),
                read.stream(),
                read.includeUsage(),
                read.ignoreEos());
    Integer logprobs =
        Fields.integer(root, "logprobs", "logprobs", 0, CompletionRequest.MAX_LOGPROBS);
    return new CompletionRequest(params, prompt(root, vocabSize), logprobs);
  }

  private static CompletionRequest.CompletionPrompt prompt(JsonNode root, int vocabSize) {
    JsonNode prompt = field(root, "prompt");
    if (prompt == null) {
      throw new InvalidRequestException("Missing required parameter: 'prompt'.", "prompt");
    }
    if (prompt.isTextual()) {
      return new CompletionRequest.Text(prompt.textValue());
    }
    if (!prompt.isArray()) {
      throw wrongType("prompt", "a string or an array of token ids");
    }
    if (prompt.isEmpty()) {
      throw new InvalidRequestException("'prompt' must not be an empty array.", "prompt");
    }
    int[] ids = new int[prompt.size()];
    for (int i = 0; i < ids.length; i++) {
      JsonNode id = prompt.get(i);
      if (id.isTextual() || id.isArray()) {
        throw new InvalidRequestException(
            "'prompt' holds several prompts; send one string or one array of token ids per"
                + " request.",
            "prompt");
      }
      ids[i] = TokenizerRequests.tokenId(id, "prompt[" + i + "]", vocabSize);
    }
    return new CompletionRequest.Tokens(ids);
  }
}
