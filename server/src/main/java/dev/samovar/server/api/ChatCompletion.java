package dev.samovar.server.api;

import java.util.List;

/** The {@code chat.completion} object of a non-streaming response. */
public record ChatCompletion(
    String id, String object, long created, String model, List<Choice> choices, Usage usage) {

  /** The one choice; {@code logprobs} is always null because log probabilities are not served. */
  public record Choice(int index, Message message, Object logprobs, String finishReason) {}

  /** The assistant's answer. */
  public record Message(String role, String content) {}

  /** A completion with one assistant message. */
  public static ChatCompletion of(
      String id, long created, String model, String content, String finishReason, Usage usage) {
    return new ChatCompletion(
        id,
        "chat.completion",
        created,
        model,
        List.of(new Choice(0, new Message("assistant", content), null, finishReason)),
        usage);
  }
}
