package dev.samovar.server.api;

import static dev.samovar.server.api.Fields.field;
import static dev.samovar.server.api.Fields.wrongType;

import com.fasterxml.jackson.databind.JsonNode;
import dev.samovar.engine.ChatMessage;
import dev.samovar.server.api.tools.ToolCall;
import dev.samovar.server.api.tools.ToolChoice;
import dev.samovar.server.api.tools.ToolDefinition;
import dev.samovar.server.api.tools.ToolPrompt;
import dev.samovar.server.api.tools.ToolSet;
import dev.samovar.server.error.InvalidRequestException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads an Anthropic Messages request: {@code model}, {@code max_tokens} (required), {@code
 * system}, {@code messages} of text, {@code tool_use} and {@code tool_result} blocks, {@code
 * stop_sequences}, {@code temperature} (0-1), {@code top_p}, {@code top_k}, {@code stream}, {@code
 * tools} and {@code tool_choice}. Tool turns become {@link ToolPrompt}'s format.
 */
public final class MessagesRequestParser {
  private final Map<String, String> callNames = new HashMap<>();

  private MessagesRequestParser() {}

  /** Parses a request to generate. */
  public static MessagesRequest parse(byte[] body) {
    return read(body, true);
  }

  /** Parses a request to count tokens ({@code max_tokens} is not needed). */
  public static MessagesRequest parseForCounting(byte[] body) {
    return read(body, false);
  }

  private static MessagesRequest read(byte[] body, boolean generating) {
    JsonNode root = JsonBody.object(body);
    String model = Fields.string(root, "model", "model");
    if (model == null) {
      throw new InvalidRequestException("model: Field required", "model");
    }
    Integer maxTokens = Fields.integer(root, "max_tokens", "max_tokens", 1, Integer.MAX_VALUE);
    if (maxTokens == null && generating) {
      throw new InvalidRequestException("max_tokens: Field required", "max_tokens");
    }
    SamplingFields sampling =
        new SamplingFields(
            Fields.number(root, "temperature", 0, 1),
            topP(root),
            Fields.integer(root, "top_k", "top_k", 0, Integer.MAX_VALUE),
            null,
            null,
            null,
            null,
            Map.of(),
            null);
    GenerationParams params =
        new GenerationParams(
            model,
            sampling,
            maxTokens,
            stopSequences(root),
            1,
            Fields.bool(root, "stream", "stream"),
            false,
            false);
    ToolSet tools = tools(root);
    List<ChatMessage> messages = new ArrayList<>();
    String system = system(field(root, "system"));
    if (system != null) {
      messages.add(new ChatMessage("system", system));
    }
    messages.addAll(new MessagesRequestParser().messages(root));
    return new MessagesRequest(params, messages, tools);
  }

  private static Double topP(JsonNode root) {
    Double topP = Fields.number(root, "top_p");
    if (topP != null && !(topP > 0 && topP <= 1)) {
      throw Fields.outOfRange("top_p", topP, "(0, 1]");
    }
    return topP;
  }

  private static List<String> stopSequences(JsonNode root) {
    JsonNode stops = field(root, "stop_sequences");
    if (stops == null) {
      return List.of();
    }
    if (!stops.isArray()) {
      throw wrongType("stop_sequences", "an array of strings");
    }
    List<String> result = new ArrayList<>();
    for (int i = 0; i < stops.size(); i++) {
      JsonNode stop = stops.get(i);
      if (!stop.isTextual() || stop.textValue().isEmpty()) {
        throw wrongType("stop_sequences[" + i + "]", "a non-empty string");
      }
      result.add(stop.textValue());
    }
    return result;
  }

  private static String system(JsonNode system) {
    if (system == null) {
      return null;
    }
    return text(system, "system");
  }

  private List<ChatMessage> messages(JsonNode root) {
    JsonNode messages = field(root, "messages");
    if (messages == null) {
      throw new InvalidRequestException("messages: Field required", "messages");
    }
    if (!messages.isArray() || messages.isEmpty()) {
      throw wrongType("messages", "a non-empty array");
    }
    List<ChatMessage> result = new ArrayList<>();
    for (int i = 0; i < messages.size(); i++) {
      String param = "messages." + i;
      JsonNode message = messages.get(i);
      if (!message.isObject()) {
        throw wrongType(param, "an object");
      }
      String role = Fields.string(message, "role", param + ".role");
      JsonNode content = field(message, "content");
      if (content == null) {
        throw new InvalidRequestException(param + ".content: Field required", param + ".content");
      }
      if ("user".equals(role)) {
        result.addAll(user(content, param + ".content"));
      } else if ("assistant".equals(role)) {
        result.add(assistant(content, param + ".content"));
      } else {
        throw new InvalidRequestException(
            param + ".role: Input should be 'user' or 'assistant'", param + ".role");
      }
    }
    return result;
  }

  /** A user turn: its text, and a tool turn for each tool result, in order. */
  private List<ChatMessage> user(JsonNode content, String param) {
    if (content.isTextual()) {
      return List.of(new ChatMessage("user", content.textValue()));
    }
    List<ChatMessage> turns = new ArrayList<>();
    StringBuilder text = new StringBuilder();
    JsonNode blocks = blocks(content, param);
    for (int i = 0; i < blocks.size(); i++) {
      JsonNode block = blocks.get(i);
      String blockParam = param + "." + i;
      switch (type(block, blockParam)) {
        case "text" -> text.append(blockText(block, blockParam));
        case "tool_result" -> {
          if (!text.isEmpty()) {
            turns.add(new ChatMessage("user", text.toString()));
            text.setLength(0);
          }
          String id = Fields.string(block, "tool_use_id", blockParam + ".tool_use_id");
          String name = id == null ? null : callNames.get(id);
          if (name == null) {
            throw new InvalidRequestException(
                blockParam + ".tool_use_id: no earlier tool_use block has the id " + id,
                blockParam + ".tool_use_id");
          }
          JsonNode result = field(block, "content");
          String resultText = result == null ? "" : text(result, blockParam + ".content");
          if (Fields.bool(block, "is_error", blockParam + ".is_error")) {
            resultText = "Error: " + resultText;
          }
          turns.add(ToolPrompt.result(name, resultText));
        }
        default -> throw unsupportedBlock(block, blockParam);
      }
    }
    if (!text.isEmpty() || turns.isEmpty()) {
      turns.add(new ChatMessage("user", text.toString()));
    }
    return turns;
  }

  private ChatMessage assistant(JsonNode content, String param) {
    if (content.isTextual()) {
      return new ChatMessage("assistant", content.textValue());
    }
    StringBuilder text = new StringBuilder();
    List<ToolCall> calls = new ArrayList<>();
    JsonNode blocks = blocks(content, param);
    for (int i = 0; i < blocks.size(); i++) {
      JsonNode block = blocks.get(i);
      String blockParam = param + "." + i;
      switch (type(block, blockParam)) {
        case "text" -> text.append(blockText(block, blockParam));
        case "tool_use" -> {
          String id = Fields.string(block, "id", blockParam + ".id");
          String name = Fields.string(block, "name", blockParam + ".name");
          JsonNode input = field(block, "input");
          if (id == null || name == null || input == null || !input.isObject()) {
            throw new InvalidRequestException(
                blockParam + ": a tool_use block needs an id, a name and an input object",
                blockParam);
          }
          callNames.put(id, name);
          calls.add(new ToolCall(id, name, input.toString()));
        }
        default -> throw unsupportedBlock(block, blockParam);
      }
    }
    return ToolPrompt.assistant(text.toString(), calls);
  }

  private static JsonNode blocks(JsonNode content, String param) {
    if (!content.isArray()) {
      throw wrongType(param, "a string or an array of content blocks");
    }
    return content;
  }

  private static String type(JsonNode block, String param) {
    if (!block.isObject()) {
      throw wrongType(param, "a content block object");
    }
    String type = Fields.string(block, "type", param + ".type");
    return type == null ? "" : type;
  }

  private static String blockText(JsonNode block, String param) {
    String text = Fields.string(block, "text", param + ".text");
    if (text == null) {
      throw new InvalidRequestException(param + ".text: Field required", param + ".text");
    }
    return text;
  }

  /** A string, or the joined text of text blocks. */
  private static String text(JsonNode value, String param) {
    if (value.isTextual()) {
      return value.textValue();
    }
    StringBuilder text = new StringBuilder();
    JsonNode blocks = blocks(value, param);
    for (int i = 0; i < blocks.size(); i++) {
      JsonNode block = blocks.get(i);
      if (!type(block, param + "." + i).equals("text")) {
        throw unsupportedBlock(block, param + "." + i);
      }
      text.append(blockText(block, param + "." + i));
    }
    return text.toString();
  }

  private static InvalidRequestException unsupportedBlock(JsonNode block, String param) {
    return new InvalidRequestException(
        param
            + ".type: content blocks of type "
            + block.get("type")
            + " are not supported here; supported: text, tool_use (assistant), tool_result"
            + " (user)",
        param + ".type");
  }

  private static ToolSet tools(JsonNode root) {
    List<ToolDefinition> definitions =
        ToolFields.definitions(
            field(root, "tools"),
            i -> "tools." + i,
            (tool, param) -> {
              String type = Fields.string(tool, "type", param + ".type");
              if (type != null && !type.equals("custom")) {
                throw new InvalidRequestException(
                    param + ".type: only client tools (\"custom\") are supported, not " + type,
                    param + ".type");
              }
              return ToolFields.definition(tool, param, "input_schema");
            },
            (name, param) ->
                new InvalidRequestException(
                    param + ".name: tool names must be unique", param + ".name"));
    JsonNode choice = field(root, "tool_choice");
    if (choice == null) {
      return new ToolSet(
          definitions, definitions.isEmpty() ? ToolChoice.NONE : ToolChoice.AUTO, true);
    }
    if (!choice.isObject()) {
      throw wrongType("tool_choice", "an object");
    }
    boolean parallel =
        !Fields.bool(choice, "disable_parallel_tool_use", "tool_choice.disable_parallel_tool_use");
    String type = Fields.string(choice, "type", "tool_choice.type");
    ToolChoice mode =
        switch (type == null ? "" : type) {
          case "auto" -> ToolChoice.AUTO;
          case "any" -> ToolChoice.REQUIRED;
          case "none" -> ToolChoice.NONE;
          case "tool" ->
              ToolFields.named(
                  Fields.string(choice, "name", "tool_choice.name"),
                  definitions,
                  "tool_choice.name");
          default ->
              throw new InvalidRequestException(
                  "tool_choice.type: Input should be 'auto', 'any', 'tool' or 'none'",
                  "tool_choice.type");
        };
    if (mode != ToolChoice.NONE && definitions.isEmpty()) {
      throw new InvalidRequestException(
          "tool_choice: tools must be given to choose one", "tool_choice");
    }
    return new ToolSet(definitions, mode, parallel);
  }
}
