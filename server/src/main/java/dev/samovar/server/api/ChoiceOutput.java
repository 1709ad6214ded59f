package dev.samovar.server.api;

import dev.samovar.engine.TextDelta;
import dev.samovar.engine.TokenLogprob;
import java.util.List;

/**
 * One finished choice as the engine produced it.
 *
 * @param index the choice index
 * @param deltas every delta, in order
 * @param finishReason OpenAI's finish reason
 * @param stopSequence the stop string that ended the choice, or null
 */
public record ChoiceOutput(
    int index, List<TextDelta> deltas, String finishReason, String stopSequence) {

  public ChoiceOutput {
    deltas = List.copyOf(deltas);
  }

  /** The whole text. */
  public String text() {
    StringBuilder text = new StringBuilder();
    deltas.forEach(delta -> text.append(delta.text()));
    return text.toString();
  }

  /** Every token's log-probability, in order. */
  public List<TokenLogprob> logprobs() {
    return deltas.stream().flatMap(delta -> delta.logprobs().stream()).toList();
  }
}
