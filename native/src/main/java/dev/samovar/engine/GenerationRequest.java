package dev.samovar.engine;

import java.util.List;
import java.util.Objects;

/**
 * One generation.
 *
 * @param prompt the prompt; it is tokenized without adding BOS (a rendered chat already has it)
 * @param sampling how tokens are chosen
 * @param maxTokens the most tokens to generate, or null for "until a stop or the context end"
 * @param stop strings that end the generation; the matched text is not emitted
 */
public record GenerationRequest(
    Prompt prompt, SamplingParams sampling, Integer maxTokens, List<String> stop) {
  public GenerationRequest {
    Objects.requireNonNull(prompt, "prompt");
    Objects.requireNonNull(sampling, "sampling");
    stop = List.copyOf(stop);
    if (maxTokens != null && maxTokens < 1) {
      throw new IllegalArgumentException("maxTokens must be >= 1: " + maxTokens);
    }
  }
}
