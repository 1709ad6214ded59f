package dev.samovar.engine;

import java.util.List;

/**
 * The log-probability of a sampled token, from the model's raw logits (before any sampling stage),
 * with the most likely alternatives.
 *
 * @param token the sampled token id
 * @param bytes the token's bytes (may be part of a UTF-8 character)
 * @param logprob natural log of its probability
 * @param top the most likely tokens, most likely first
 */
public record TokenLogprob(int token, byte[] bytes, double logprob, List<Alternative> top) {
  public TokenLogprob {
    top = List.copyOf(top);
  }

  /** One of the most likely tokens at a step. */
  public record Alternative(int token, byte[] bytes, double logprob) {}
}
