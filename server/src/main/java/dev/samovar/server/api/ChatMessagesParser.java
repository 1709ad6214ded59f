package dev.samovar.server.api;

import static dev.samovar.server.api.Fields.field;
import static dev.samovar.server.api.Fields.wrongType;

import com.fasterxml.jackson.databind.JsonNode;
import dev.samovar.engine.ChatMessage;
import dev.samovar.server.api.tools.ToolCall;
import dev.samovar.server.api.tools.ToolPrompt;
import dev.samovar.server.error.InvalidRequestException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Reads the {@code messages} of a chat completion request into the turns the chat template renders:
 * {@code developer} counts as {@code system}; assistant tool calls and {@code tool} results become
 * turns in {@link ToolPrompt}'s format, each result named after the call its {@code tool_call_id}
 * refers to.
 */
final class ChatMessagesParser {
  private final Map<String, String> callNames = new HashMap<>();

  private ChatMessagesParser() {}

  static List<ChatMessage> parse(JsonNode root) {
    JsonNode messages = field(root, "messages");
    if (messages == null) {
      throw new InvalidRequestException("Missing required parameter: 'messages'.", "messages");
    }
    if (!messages.isArray()) {
      throw wrongType("messages", "an array");
    }
    if (messages.isEmpty()) {
      throw new InvalidRequestException(
          "'messages' must contain at least one message.", "messages");
    }
    ChatMessagesParser parser = new ChatMessagesParser();
    List<ChatMessage> result = new ArrayList<>(messages.size());
    for (int i = 0; i < messages.size(); i++) {
      result.add(parser.message(messages.get(i), "messages[" + i + "]"));
    }
    return result;
  }

  private ChatMessage message(JsonNode message, String param) {
    if (!message.isObject()) {
      throw wrongType(param, "an object");
    }
    JsonNode role = field(message, "role");
    if (role == null) {
      throw new InvalidRequestException(
          "Missing required parameter: '" + param + ".role'.", param + ".role");
    }
    String name = role.isTextual() ? role.textValue() : "";
    return switch (name) {
      case "system", "developer", "user" ->
          new ChatMessage(
              name.equals("user") ? "user" : "system",
              content(field(message, "content"), param + ".content"));
      case "assistant" -> assistant(message, param);
      case "tool" -> toolResult(message, param);
      default ->
          throw new InvalidRequestException(
              "Invalid value for '"
                  + param
                  + ".role': "
                  + role
                  + "; supported roles are 'system', 'developer', 'user', 'assistant' and"
                  + " 'tool'.",
              param + ".role");
    };
  }

  private ChatMessage assistant(JsonNode message, String param) {
    Fields.unsupported(
        message, "function_call", param + ".function_call", "use 'tool_calls' instead.");
    List<ToolCall> calls = toolCalls(field(message, "tool_calls"), param + ".tool_calls");
    JsonNode content = field(message, "content");
    if (content == null && calls.isEmpty()) {
      throw new InvalidRequestException(
          "Missing required parameter: '" + param + ".content'.", param + ".content");
    }
    return ToolPrompt.assistant(
        content == null ? null : content(content, param + ".content"), calls);
  }

  private List<ToolCall> toolCalls(JsonNode calls, String param) {
    if (calls == null) {
      return List.of();
    }
    if (!calls.isArray()) {
      throw wrongType(param, "an array");
    }
    List<ToolCall> result = new ArrayList<>(calls.size());
    for (int i = 0; i < calls.size(); i++) {
      String callParam = param + "[" + i + "]";
      JsonNode call = calls.get(i);
      if (!call.isObject()) {
        throw wrongType(callParam, "an object");
      }
      String id = Fields.required(call, "id", callParam);
      JsonNode function = field(call, "function");
      if (function == null || !function.isObject()) {
        throw wrongType(callParam + ".function", "an object");
      }
      String name = Fields.required(function, "name", callParam + ".function");
      String arguments = Fields.required(function, "arguments", callParam + ".function");
      Fields.requireJsonObject(arguments, callParam + ".function.arguments");
      callNames.put(id, name);
      result.add(new ToolCall(id, name, arguments));
    }
    return result;
  }

  private ChatMessage toolResult(JsonNode message, String param) {
    String id = Fields.required(message, "tool_call_id", param);
    String name = callNames.get(id);
    if (name == null) {
      throw new InvalidRequestException(
          "'" + param + ".tool_call_id' (\"" + id + "\") names no earlier assistant tool call.",
          param + ".tool_call_id");
    }
    return ToolPrompt.result(name, content(field(message, "content"), param + ".content"));
  }

  /** A content string, or the text of its {@code text} parts. */
  static String content(JsonNode content, String param) {
    return content(content, param, List.of("text"));
  }

  /**
   * A content string, or the joined text of its parts, each of one of {@code partTypes} with a
   * {@code text} string.
   */
  static String content(JsonNode content, String param, List<String> partTypes) {
    if (content == null) {
      throw new InvalidRequestException("Missing required parameter: '" + param + "'.", param);
    }
    if (content.isTextual()) {
      return content.textValue();
    }
    if (!content.isArray()) {
      throw wrongType(param, "a string or an array of text parts");
    }
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < content.size(); i++) {
      String partParam = param + "[" + i + "]";
      JsonNode part = content.get(i);
      if (!part.isObject()) {
        throw wrongType(partParam, "an object");
      }
      JsonNode type = field(part, "type");
      if (type == null || !partTypes.contains(type.asText(null))) {
        throw new InvalidRequestException(
            "Unsupported content part type "
                + type
                + "; only "
                + partTypes.stream().map(t -> "'" + t + "'").collect(Collectors.joining(" or "))
                + " parts are supported.",
            partParam + ".type");
      }
      JsonNode partText = field(part, "text");
      if (partText == null || !partText.isTextual()) {
        throw wrongType(partParam + ".text", "a string");
      }
      text.append(partText.textValue());
    }
    return text.toString();
  }
}
