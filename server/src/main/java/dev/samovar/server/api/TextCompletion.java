package dev.samovar.server.api;

import java.util.List;

/**
 * A {@code text_completion} object (the legacy {@code /v1/completions} answer).
 *
 * @param id {@code cmpl-...}
 * @param object always {@code text_completion}
 * @param created unix seconds
 * @param model the requested model id
 * @param choices one per generated choice, in index order
 * @param usage token counts
 */
public record TextCompletion(
    String id, String object, long created, String model, List<Choice> choices, Usage usage) {

  public TextCompletion {
    choices = List.copyOf(choices);
  }

  /** One choice; {@code logprobs} is null unless the client asked for them. */
  public record Choice(String text, int index, LegacyLogprobs logprobs, String finishReason) {}
}
