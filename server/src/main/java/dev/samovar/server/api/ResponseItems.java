package dev.samovar.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.samovar.engine.ChatMessage;
import dev.samovar.server.api.tools.ToolCall;
import dev.samovar.server.api.tools.ToolPrompt;
import dev.samovar.server.error.InvalidRequestException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The conversation of a response: normalized input items (earlier responses' inputs and outputs
 * first) as the turns the chat template renders. {@code system} and {@code developer} messages are
 * system turns; consecutive {@code function_call} items are one assistant turn of calls, and each
 * {@code function_call_output} a tool turn named after its call ({@link ToolPrompt}'s format).
 */
public final class ResponseItems {
  private ResponseItems() {}

  /**
   * The turns: the instructions first (when given), then the items.
   *
   * @param firstNew the index of the first item of this request's own {@code input}, for errors
   */
  public static List<ChatMessage> messages(
      String instructions, List<ObjectNode> items, int firstNew) {
    List<ChatMessage> messages = new ArrayList<>();
    if (instructions != null) {
      messages.add(new ChatMessage("system", instructions));
    }
    Map<String, String> callNames = new HashMap<>();
    List<ToolCall> calls = new ArrayList<>();
    for (int i = 0; i < items.size(); i++) {
      ObjectNode item = items.get(i);
      String type = item.get("type").asText();
      if (!type.equals("function_call") && !calls.isEmpty()) {
        messages.add(ToolPrompt.assistant(null, calls));
        calls = new ArrayList<>();
      }
      switch (type) {
        case "message" -> {
          String role = item.get("role").asText();
          messages.add(
              new ChatMessage(
                  role.equals("developer") ? "system" : role, item.get("content").asText()));
        }
        case "function_call" -> {
          String id = item.get("call_id").asText();
          callNames.put(id, item.get("name").asText());
          calls.add(new ToolCall(id, item.get("name").asText(), item.get("arguments").asText()));
        }
        case "function_call_output" -> {
          String id = item.get("call_id").asText();
          String name = callNames.get(id);
          if (name == null) {
            String param = "input[" + Math.max(0, i - firstNew) + "].call_id";
            throw new InvalidRequestException(
                "'" + param + "' (\"" + id + "\") names no earlier function_call.", param);
          }
          messages.add(ToolPrompt.result(name, item.get("output").asText()));
        }
        default -> throw new IllegalArgumentException("not a normalized item: " + item);
      }
    }
    if (!calls.isEmpty()) {
      messages.add(ToolPrompt.assistant(null, calls));
    }
    return messages;
  }

  /**
   * Normalized input items as the Responses API lists them: messages with {@code input_text} (or,
   * the assistant's, {@code output_text}) parts, each item with an id ({@code <prefix>_<n>}, n its
   * position) and status {@code completed}.
   */
  public static List<ObjectNode> listed(List<ObjectNode> items) {
    List<ObjectNode> listed = new ArrayList<>(items.size());
    for (int i = 0; i < items.size(); i++) {
      ObjectNode item = items.get(i).deepCopy();
      String type = item.get("type").asText();
      String prefix =
          switch (type) {
            case "message" -> "msg";
            case "function_call" -> "fc";
            default -> "fco";
          };
      if (type.equals("message")) {
        String role = item.get("role").asText();
        String text = item.get("content").asText();
        item.putArray("content")
            .addObject()
            .put("type", role.equals("assistant") ? "output_text" : "input_text")
            .put("text", text);
      }
      listed.add(item.put("id", prefix + "_" + i).put("status", "completed"));
    }
    return listed;
  }

  /** A response's output items as the input items that continue it. */
  public static List<ObjectNode> asInput(JsonNode output) {
    List<ObjectNode> items = new ArrayList<>();
    for (JsonNode item : output) {
      switch (item.get("type").asText()) {
        case "message" -> {
          StringBuilder text = new StringBuilder();
          item.get("content").forEach(part -> text.append(part.get("text").asText()));
          items.add(ResponsesRequestParser.message("assistant", text.toString()));
        }
        case "function_call" ->
            items.add(
                Json.MAPPER
                    .createObjectNode()
                    .put("type", "function_call")
                    .put("call_id", item.get("call_id").asText())
                    .put("name", item.get("name").asText())
                    .put("arguments", item.get("arguments").asText()));
        default -> throw new IllegalArgumentException("not an output item: " + item);
      }
    }
    return items;
  }
}
