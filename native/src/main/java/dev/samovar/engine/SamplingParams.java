package dev.samovar.engine;

/**
 * How the next token is chosen.
 *
 * @param temperature 0 picks the most likely token (greedy); higher values flatten the distribution
 * @param topP nucleus sampling mass in (0, 1]
 * @param seed random seed, or null for a fresh random seed
 */
public record SamplingParams(double temperature, double topP, Long seed) {
  public SamplingParams {
    if (!(temperature >= 0)) {
      throw new IllegalArgumentException("temperature must be >= 0: " + temperature);
    }
    if (!(topP > 0 && topP <= 1)) {
      throw new IllegalArgumentException("top_p must be in (0, 1]: " + topP);
    }
  }

  /** Greedy decoding: always the most likely token. */
  public static SamplingParams greedy() {
    return new SamplingParams(0, 1, null);
  }
}
