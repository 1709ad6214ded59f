package dev.samovar.server.api;

import static dev.samovar.server.api.Fields.field;
import static dev.samovar.server.api.Fields.wrongType;

import com.fasterxml.jackson.databind.JsonNode;
import dev.samovar.server.api.tools.ToolChoice;
import dev.samovar.server.api.tools.ToolDefinition;
import dev.samovar.server.api.tools.ToolSet;
import dev.samovar.server.error.InvalidRequestException;
import java.util.List;

/**
 * Reads {@code tools}, {@code tool_choice} and {@code parallel_tool_calls} of a chat completion
 * request; the deprecated {@code functions} and {@code function_call} fail with a pointer to them.
 */
final class ChatToolsParser {
  private ChatToolsParser() {}

  static ToolSet parse(JsonNode root) {
    for (String legacy : List.of("functions", "function_call")) {
      Fields.unsupported(
          root, legacy, legacy, "it is deprecated; use 'tools' and 'tool_choice' instead.");
    }
    List<ToolDefinition> tools = tools(root);
    ToolChoice choice = choice(root, tools);
    JsonNode parallel = field(root, "parallel_tool_calls");
    if (parallel != null && !parallel.isBoolean()) {
      throw wrongType("parallel_tool_calls", "a boolean");
    }
    return new ToolSet(tools, choice, parallel == null || parallel.booleanValue());
  }

  private static List<ToolDefinition> tools(JsonNode root) {
    return ToolFields.definitions(
        field(root, "tools"),
        i -> "tools[" + i + "]",
        (tool, param) -> {
          ToolFields.requireFunctionType(tool, param);
          JsonNode function = field(tool, "function");
          if (function == null || !function.isObject()) {
            throw wrongType(param + ".function", "an object");
          }
          return ToolFields.definition(function, param + ".function", "parameters");
        },
        (name, param) -> ToolFields.sameName(name, param + ".function.name"));
  }

  private static ToolChoice choice(JsonNode root, List<ToolDefinition> tools) {
    JsonNode choice = field(root, "tool_choice");
    if (choice == null) {
      return tools.isEmpty() ? ToolChoice.NONE : ToolChoice.AUTO;
    }
    if (choice.isTextual()) {
      ToolChoice mode =
          switch (choice.textValue()) {
            case "none" -> ToolChoice.NONE;
            case "auto" -> ToolChoice.AUTO;
            case "required" -> ToolChoice.REQUIRED;
            default ->
                throw new InvalidRequestException(
                    "Invalid value for 'tool_choice': \""
                        + choice.textValue()
                        + "\"; supported: 'none', 'auto', 'required' or a named function.",
                    "tool_choice");
          };
      if (mode != ToolChoice.NONE && tools.isEmpty()) {
        throw new InvalidRequestException(
            "'tool_choice' is only allowed when 'tools' are specified.", "tool_choice");
      }
      return mode;
    }
    if (!choice.isObject()) {
      throw wrongType("tool_choice", "a string or an object");
    }
    JsonNode function = field(choice, "function");
    String name =
        function == null ? null : Fields.string(function, "name", "tool_choice.function.name");
    if (!"function".equals(Fields.string(choice, "type", "tool_choice.type")) || name == null) {
      throw new InvalidRequestException(
          "'tool_choice' as an object must be {\"type\": \"function\", \"function\": {\"name\":"
              + " ...}}.",
          "tool_choice");
    }
    return ToolFields.named(name, tools, "tool_choice.function.name");
  }
}
