package dev.samovar.server.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.samovar.engine.TokenLogprob;
import dev.samovar.server.api.tools.ToolCall;
import dev.samovar.server.api.tools.ToolCallScanner;
import dev.samovar.server.api.tools.ToolSet;
import dev.samovar.server.error.ApiError;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Anthropic {@code message} bodies and their event streams (one choice): {@code message_start},
 * then per content block {@code content_block_start}, {@code content_block_delta} ({@code
 * text_delta}, or {@code input_json_delta} of a {@code tool_use} block) and {@code
 * content_block_stop}, then {@code message_delta} with the stop reason and the output tokens, and
 * {@code message_stop}. Errors are Anthropic's {@code {"type":"error","error":{type, message}}}.
 */
public final class MessagesFormat implements CompletionFormat {
  private static final String CALL_ID_PREFIX = "toolu_";
  private static final Map<Integer, String> ERROR_TYPES =
      Map.of(
          400, "invalid_request_error",
          401, "authentication_error",
          403, "permission_error",
          404, "not_found_error",
          413, "request_too_large",
          429, "rate_limit_error",
          503, "overloaded_error");

  private final String id;
  private final String model;
  private final int inputTokens;
  private final ToolSet tools;
  private final ToolCallScanner scanner;
  private int blocks;
  private boolean blockOpen;
  private boolean textBlock;
  private String stopReason;
  private String stopSequence;

  /**
   * @param id the message id ({@code msg_...})
   * @param inputTokens the prompt's tokens, which {@code message_start} reports
   */
  public MessagesFormat(String id, String model, int inputTokens, ToolSet tools) {
    this.id = id;
    this.model = model;
    this.inputTokens = inputTokens;
    this.tools = tools;
    this.scanner = ToolCallScanner.of(tools, CALL_ID_PREFIX);
  }

  /** Anthropic's error object for an error. */
  public static ObjectNode error(ApiError error) {
    ObjectNode body = Json.MAPPER.createObjectNode().put("type", "error");
    body.putObject("error")
        .put("type", ERROR_TYPES.getOrDefault(error.status(), "api_error"))
        .put("message", error.body().error().message());
    return body;
  }

  @Override
  public boolean logprobs() {
    return false;
  }

  @Override
  public boolean plainDeltas() {
    return false;
  }

  @Override
  public boolean namedEvents() {
    return true;
  }

  @Override
  public Object errorBody(ApiError error) {
    return error(error);
  }

  @Override
  public List<ObjectNode> opening(int index) {
    ObjectNode message = message(Json.MAPPER.createArrayNode(), null, null);
    ((ObjectNode) message.get("usage")).put("output_tokens", 0);
    ObjectNode start = event("message_start");
    start.set("message", message);
    return List.of(start);
  }

  @Override
  public List<ObjectNode> delta(int index, String text, List<TokenLogprob> logprobs) {
    List<ObjectNode> events = new ArrayList<>();
    for (ToolCallScanner.Part part : scanner.accept(text)) {
      switch (part) {
        case ToolCallScanner.Text t -> {
          if (!blockOpen || !textBlock) {
            open(events, Json.MAPPER.createObjectNode().put("type", "text").put("text", ""), true);
          }
          events.add(
              deltaEvent(
                  Json.MAPPER.createObjectNode().put("type", "text_delta").put("text", t.text())));
        }
        case ToolCallScanner.CallStart start -> {
          ObjectNode block =
              Json.MAPPER
                  .createObjectNode()
                  .put("type", "tool_use")
                  .put("id", start.id())
                  .put("name", start.name());
          block.putObject("input");
          open(events, block, false);
        }
        case ToolCallScanner.Arguments arguments ->
            events.add(
                deltaEvent(
                    Json.MAPPER
                        .createObjectNode()
                        .put("type", "input_json_delta")
                        .put("partial_json", arguments.text())));
      }
    }
    return events;
  }

  @Override
  public List<ObjectNode> finish(
      int index, String finishReason, String stopSequence, List<TokenLogprob> logprobs) {
    stopReason = stopReason(finishReason, stopSequence, !scanner.calls().isEmpty());
    this.stopSequence = stopSequence;
    List<ObjectNode> events = new ArrayList<>();
    if (!blockOpen) {
      // an empty answer still has its (empty) text block
      open(events, Json.MAPPER.createObjectNode().put("type", "text").put("text", ""), true);
    }
    blockOpen = false;
    events.add(event("content_block_stop").put("index", blocks - 1));
    return events;
  }

  @Override
  public List<ObjectNode> closing(Usage usage) {
    ObjectNode delta = event("message_delta");
    delta.putObject("delta").put("stop_reason", stopReason).put("stop_sequence", stopSequence);
    delta.putObject("usage").put("output_tokens", usage.completionTokens());
    return List.of(delta, event("message_stop"));
  }

  @Override
  public Object body(List<ChoiceOutput> choices, Usage usage) {
    ChoiceOutput choice = choices.getFirst();
    ToolCallScanner reader = ToolCallScanner.of(tools, CALL_ID_PREFIX);
    reader.accept(choice.text());
    List<ToolCall> calls = reader.calls();
    ArrayNode content = Json.MAPPER.createArrayNode();
    if (!reader.isDocument()) {
      content.addObject().put("type", "text").put("text", choice.text());
    }
    for (ToolCall call : calls) {
      ObjectNode block =
          content.addObject().put("type", "tool_use").put("id", call.id()).put("name", call.name());
      block.set("input", input(call.arguments()));
    }
    ObjectNode message =
        message(
            content,
            stopReason(choice.finishReason(), choice.stopSequence(), !calls.isEmpty()),
            choice.stopSequence());
    ((ObjectNode) message.get("usage")).put("output_tokens", usage.completionTokens());
    return message;
  }

  private static String stopReason(String finishReason, String stopSequence, boolean called) {
    if (finishReason.equals("length")) {
      return "max_tokens";
    }
    if (called) {
      return "tool_use";
    }
    return stopSequence != null ? "stop_sequence" : "end_turn";
  }

  private ObjectNode message(ArrayNode content, String reason, String stopSequence) {
    ObjectNode message =
        Json.MAPPER
            .createObjectNode()
            .put("id", id)
            .put("type", "message")
            .put("role", "assistant")
            .put("model", model);
    message.set("content", content);
    message.put("stop_reason", reason).put("stop_sequence", stopSequence);
    message.putObject("usage").put("input_tokens", inputTokens);
    return message;
  }

  private void open(List<ObjectNode> events, ObjectNode block, boolean text) {
    if (blockOpen) {
      events.add(event("content_block_stop").put("index", blocks - 1));
    }
    ObjectNode start = event("content_block_start").put("index", blocks);
    start.set("content_block", block);
    events.add(start);
    blocks++;
    blockOpen = true;
    textBlock = text;
  }

  private ObjectNode deltaEvent(ObjectNode delta) {
    ObjectNode event = event("content_block_delta").put("index", blocks - 1);
    event.set("delta", delta);
    return event;
  }

  private static ObjectNode event(String type) {
    return Json.MAPPER.createObjectNode().put("type", type);
  }

  private static ObjectNode input(String arguments) {
    try {
      return (ObjectNode) Json.MAPPER.readTree(arguments);
    } catch (JsonProcessingException | ClassCastException e) {
      // a call cut off by max_tokens: its input so far is not a whole object
      return Json.MAPPER.createObjectNode();
    }
  }
}
