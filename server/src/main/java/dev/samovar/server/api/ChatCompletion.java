package dev.samovar.server.api;

import java.util.List;

/**
 * A {@code chat.completion} object.
 *
 * @param id {@code chatcmpl-...}
 * @param object always {@code chat.completion}
 * @param created unix seconds
 * @param model the requested model id
 * @param choices one per generated choice, in index order
 * @param usage token counts
 */
public record ChatCompletion(
    String id, String object, long created, String model, List<Choice> choices, Usage usage) {

  public ChatCompletion {
    choices = List.copyOf(choices);
  }

  /** One choice; {@code logprobs} is null unless the client asked for them. */
  public record Choice(int index, Message message, ChatLogprobs logprobs, String finishReason) {}

  /** The assistant's answer. */
  public record Message(String role, String content) {}
}
