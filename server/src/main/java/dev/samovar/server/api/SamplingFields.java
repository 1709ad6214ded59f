package dev.samovar.server.api;

import java.util.Map;

/**
 * The sampling fields of a request, each null when the request does not set it (server defaults
 * then apply).
 *
 * @param temperature in [0, 2]
 * @param topP in (0, 1]
 * @param topK at least 0; 0 keeps every token
 * @param minP in [0, 1]
 * @param repeatPenalty greater than 0; 1 is off
 * @param frequencyPenalty in [-2, 2]
 * @param presencePenalty in [-2, 2]
 * @param logitBias token id to a bias in [-100, 100]; empty when not set
 * @param seed the seed of the first choice
 */
public record SamplingFields(
    Double temperature,
    Double topP,
    Integer topK,
    Double minP,
    Double repeatPenalty,
    Double frequencyPenalty,
    Double presencePenalty,
    Map<Integer, Double> logitBias,
    Long seed) {

  public SamplingFields {
    logitBias = Map.copyOf(logitBias);
  }
}
