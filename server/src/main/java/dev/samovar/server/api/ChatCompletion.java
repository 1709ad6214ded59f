package dev.samovar.server.api;

import com.fasterxml.jackson.annotation.JsonInclude;
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

  /**
   * The assistant's answer: its text (null when it called tools), and its tool calls (left out when
   * it called none).
   */
  public record Message(
      String role,
      String content,
      @JsonInclude(JsonInclude.Include.NON_NULL) List<ToolCall> toolCalls) {}

  /** A call of a function, as OpenAI writes it. */
  public record ToolCall(String id, String type, Function function) {
    static ToolCall of(dev.samovar.server.api.tools.ToolCall call) {
      return new ToolCall(call.id(), "function", new Function(call.name(), call.arguments()));
    }
  }

  /** The called function and its arguments as JSON text. */
  public record Function(String name, String arguments) {}
}
