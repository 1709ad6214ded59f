package dev.samovar.engine;

import java.util.List;

/**
 * A piece of generated text with the tokens that completed it.
 *
 * @param text whole UTF-8 characters, possibly empty when a token is held back
 * @param tokens the sampled token ids this delta accounts for
 * @param logprobs one entry per token in {@code tokens} when the request asked for them, else empty
 */
public record TextDelta(String text, int[] tokens, List<TokenLogprob> logprobs) {
  public TextDelta {
    logprobs = List.copyOf(logprobs);
  }

  /** A delta without log-probabilities. */
  public TextDelta(String text, int[] tokens) {
    this(text, tokens, List.of());
  }
}
