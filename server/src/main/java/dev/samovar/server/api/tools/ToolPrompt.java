package dev.samovar.server.api.tools;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.samovar.engine.ChatMessage;
import dev.samovar.server.api.Json;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The generic tool format, for chat templates that have none (Llama 3.0's): the tools are described
 * in the system message; the model calls them by writing only the document {@code {"tool_calls":
 * [{"name": "...", "arguments": {...}}]}} (its output is held to that by a grammar, {@link
 * ToolSet#callSchema()}); earlier calls appear in assistant turns in the same form, and each result
 * in a turn of the role {@code tool} as {@code {"name": "...", "content": "..."}}.
 */
public final class ToolPrompt {
  private ToolPrompt() {}

  /**
   * The conversation with the tools' description added to its first system message (or in a new one
   * before the rest), when the tools are offered.
   */
  public static List<ChatMessage> withTools(List<ChatMessage> messages, ToolSet tools) {
    if (!tools.offered()) {
      return messages;
    }
    String description = instructions(tools);
    List<ChatMessage> result = new ArrayList<>(messages.size() + 1);
    if (!messages.isEmpty() && messages.getFirst().role().equals("system")) {
      result.add(new ChatMessage("system", messages.getFirst().content() + "\n\n" + description));
      result.addAll(messages.subList(1, messages.size()));
    } else {
      result.add(new ChatMessage("system", description));
      result.addAll(messages);
    }
    return result;
  }

  /** The system text that describes the tools and how to call them. */
  static String instructions(ToolSet tools) {
    ArrayNode functions = Json.MAPPER.createArrayNode();
    for (ToolDefinition tool : tools.callable()) {
      ObjectNode function = functions.addObject().put("name", tool.name());
      if (tool.description() != null) {
        function.put("description", tool.description());
      }
      function.set("parameters", tool.parameters());
    }
    StringBuilder text =
        new StringBuilder("You can call these functions (JSON schemas of their arguments):\n")
            .append(functions)
            .append(
                "\nTo call functions, answer with only this JSON document:\n"
                    + "{\"tool_calls\": [{\"name\": \"<function>\", \"arguments\": {<arguments>}}]}\n");
    text.append(
        switch (tools.choice().mode()) {
          case AUTO -> "Call a function when it helps; otherwise answer in plain text.";
          case REQUIRED -> "You must call at least one function now.";
          case FUNCTION -> "You must call the function " + tools.choice().function() + " now.";
          case NONE -> throw new IllegalStateException("tools that are not offered");
        });
    if (!tools.parallel()) {
      text.append(" Call one function at a time.");
    }
    return text.append(
            "\nEach function's result comes back in a message of the role \"tool\":"
                + " {\"name\": \"<function>\", \"content\": \"<result>\"}.")
        .toString();
  }

  /** An assistant turn: its text, if any, then its calls in the call format. */
  public static ChatMessage assistant(String content, List<ToolCall> calls) {
    if (calls.isEmpty()) {
      return new ChatMessage("assistant", content == null ? "" : content);
    }
    ArrayNode list = Json.MAPPER.createArrayNode();
    for (ToolCall call : calls) {
      ObjectNode item = list.addObject().put("name", call.name());
      item.set("arguments", json(call.arguments()));
    }
    ObjectNode document = Json.MAPPER.createObjectNode();
    document.set("tool_calls", list);
    String prefix = content == null || content.isEmpty() ? "" : content + "\n";
    return new ChatMessage("assistant", prefix + document);
  }

  /** A function's result. */
  public static ChatMessage result(String name, String content) {
    return new ChatMessage(
        "tool",
        Json.MAPPER.createObjectNode().put("name", name).put("content", content).toString());
  }

  private static JsonNode json(String text) {
    try {
      return Json.MAPPER.readTree(text);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }
}
