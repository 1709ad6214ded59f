package dev.samovar.engine;

import java.util.Map;

/**
 * How the next token is chosen. Neutral values switch a stage off: topK 0, topP 1, minP 0,
 * repeatPenalty 1, frequency and presence penalties 0, no logit bias.
 *
 * @param temperature 0 picks the most likely token (greedy); higher values flatten the distribution
 * @param topP nucleus sampling mass in (0, 1]
 * @param topK keep only the k most likely tokens; 0 keeps all
 * @param minP drop tokens less likely than minP times the most likely one; in [0, 1]
 * @param repeatPenalty llama.cpp's repetition penalty over the last {@link #PENALTY_LAST_N} tokens;
 *     1 is off
 * @param frequencyPenalty subtracted once per earlier occurrence of a token; in [-2, 2]
 * @param presencePenalty subtracted once when a token occurred before; in [-2, 2]
 * @param logitBias added to the logits of the given token ids (-100 bans, +100 forces)
 * @param seed random seed, or null for a fresh random seed
 */
public record SamplingParams(
    double temperature,
    double topP,
    int topK,
    double minP,
    double repeatPenalty,
    double frequencyPenalty,
    double presencePenalty,
    Map<Integer, Double> logitBias,
    Long seed) {

  /** How many recent tokens the penalties look at (llama-server's default). */
  public static final int PENALTY_LAST_N = 64;

  public SamplingParams {
    check(temperature >= 0, "temperature must be >= 0: " + temperature);
    check(topP > 0 && topP <= 1, "top_p must be in (0, 1]: " + topP);
    check(topK >= 0, "top_k must be >= 0: " + topK);
    check(minP >= 0 && minP <= 1, "min_p must be in [0, 1]: " + minP);
    check(repeatPenalty > 0, "repeat_penalty must be > 0: " + repeatPenalty);
    check(
        frequencyPenalty >= -2 && frequencyPenalty <= 2,
        "frequency_penalty must be in [-2, 2]: " + frequencyPenalty);
    check(
        presencePenalty >= -2 && presencePenalty <= 2,
        "presence_penalty must be in [-2, 2]: " + presencePenalty);
    logitBias = Map.copyOf(logitBias);
  }

  private static void check(boolean valid, String message) {
    if (!valid) {
      throw new IllegalArgumentException(message);
    }
  }

  /** Greedy decoding: always the most likely token. */
  public static SamplingParams greedy() {
    return builder().temperature(0).build();
  }

  /** Temperature and top_p sampling with every other stage off. */
  public static SamplingParams of(double temperature, double topP, Long seed) {
    return builder().temperature(temperature).topP(topP).seed(seed).build();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Starts from neutral values (temperature 1, every filter and penalty off). */
  public static final class Builder {
    private double temperature = 1;
    private double topP = 1;
    private int topK;
    private double minP;
    private double repeatPenalty = 1;
    private double frequencyPenalty;
    private double presencePenalty;
    private Map<Integer, Double> logitBias = Map.of();
    private Long seed;

    private Builder() {}

    public Builder temperature(double value) {
      temperature = value;
      return this;
    }

    public Builder topP(double value) {
      topP = value;
      return this;
    }

    public Builder topK(int value) {
      topK = value;
      return this;
    }

    public Builder minP(double value) {
      minP = value;
      return this;
    }

    public Builder repeatPenalty(double value) {
      repeatPenalty = value;
      return this;
    }

    public Builder frequencyPenalty(double value) {
      frequencyPenalty = value;
      return this;
    }

    public Builder presencePenalty(double value) {
      presencePenalty = value;
      return this;
    }

    public Builder logitBias(Map<Integer, Double> value) {
      logitBias = value;
      return this;
    }

    public Builder seed(Long value) {
      seed = value;
      return this;
    }

    public SamplingParams build() {
      return new SamplingParams(
          temperature,
          topP,
          topK,
          minP,
          repeatPenalty,
          frequencyPenalty,
          presencePenalty,
          logitBias,
          seed);
    }
  }
}
