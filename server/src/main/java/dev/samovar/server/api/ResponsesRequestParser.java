package dev.samovar.server.api;

import static dev.samovar.server.api.Fields.field;
import static dev.samovar.server.api.Fields.wrongType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.samovar.engine.GenerationRequest;
import dev.samovar.server.api.tools.ToolChoice;
import dev.samovar.server.api.tools.ToolDefinition;
import dev.samovar.server.api.tools.ToolSet;
import dev.samovar.server.error.InvalidRequestException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads a {@code POST /v1/responses} body: {@code model}, {@code input} (a string or items:
 * messages, {@code function_call}, {@code function_call_output}), {@code instructions}, {@code
 * tools} (functions), {@code tool_choice}, {@code parallel_tool_calls}, {@code text.format}, {@code
 * max_output_tokens}, {@code temperature}, {@code top_p}, {@code store}, {@code
 * previous_response_id}, {@code stream} and {@code metadata}. Unknown fields are ignored.
 */
public final class ResponsesRequestParser {
  private static final List<String> TEXT_PARTS = List.of("input_text", "output_text");

  private static final Set<String> ROLES = Set.of("user", "assistant", "system", "developer");

  private ResponsesRequestParser() {}

  public static ResponsesRequest parse(byte[] body) {
    JsonNode root = JsonBody.object(body);
    String model = Fields.string(root, "model", "model");
    if (model == null) {
      throw new InvalidRequestException("Missing required parameter: 'model'.", "model");
    }
    Double topP = Fields.number(root, "top_p");
    if (topP != null && !(topP > 0 && topP <= 1)) {
      throw Fields.outOfRange("top_p", topP, "(0, 1]");
    }
    Double temperature = Fields.number(root, "temperature", 0, 2);
    Integer maxOutputTokens =
        Fields.integer(root, "max_output_tokens", "max_output_tokens", 1, Integer.MAX_VALUE);
    GenerationParams params =
        new GenerationParams(
            model,
            new SamplingFields(temperature, topP, null, null, null, null, null, Map.of(), null),
            maxOutputTokens,
            List.of(),
            1,
            Fields.bool(root, "stream", "stream"),
            false,
            false);
    ToolSet tools = tools(root);
    String jsonSchema = format(root);
    if (tools.offered() && jsonSchema != null) {
      throw new InvalidRequestException(
          "'text.format' cannot be combined with tools the model may call; set 'tool_choice' to"
              + " 'none' or leave out 'text.format'.",
          "text.format");
    }
    JsonNode metadata = field(root, "metadata");
    if (metadata != null && !metadata.isObject()) {
      throw wrongType("metadata", "an object");
    }
    JsonNode store = field(root, "store");
    if (store != null && !store.isBoolean()) {
      throw wrongType("store", "a boolean");
    }
    ObjectNode echo = Json.MAPPER.createObjectNode();
    echo.set(
        "tools", field(root, "tools") == null ? Json.MAPPER.createArrayNode() : root.get("tools"));
    echo.set(
        "tool_choice",
        field(root, "tool_choice") == null
            ? Json.MAPPER.valueToTree("auto")
            : root.get("tool_choice"));
    ObjectNode plainText = Json.MAPPER.createObjectNode();
    plainText.putObject("format").put("type", "text");
    echo.set("text", field(root, "text") == null ? plainText : root.get("text"));
    echo.set("metadata", metadata == null ? Json.MAPPER.createObjectNode() : metadata);
    echo.put("temperature", temperature);
    echo.put("top_p", topP);
    echo.put("max_output_tokens", maxOutputTokens);
    echo.put("parallel_tool_calls", tools.parallel());
    return new ResponsesRequest(
        params,
        Fields.string(root, "instructions", "instructions"),
        input(root),
        tools,
        jsonSchema,
        store == null || store.booleanValue(),
        Fields.string(root, "previous_response_id", "previous_response_id"),
        topLogprobs(root),
        echo);
  }

  private static Integer topLogprobs(JsonNode root) {
    Integer top =
        Fields.integer(root, "top_logprobs", "top_logprobs", 0, GenerationRequest.MAX_TOP_LOGPROBS);
    JsonNode include = field(root, "include");
    if (include != null && !include.isArray()) {
      throw wrongType("include", "an array of strings");
    }
    boolean asked = false;
    for (int i = 0; include != null && i < include.size(); i++) {
      asked |= "message.output_text.logprobs".equals(include.get(i).asText(null));
    }
    if (!asked && top == null) {
      return null;
    }
    return top == null ? 0 : top;
  }

  private static List<ObjectNode> input(JsonNode root) {
    JsonNode input = field(root, "input");
    if (input == null) {
      throw new InvalidRequestException("Missing required parameter: 'input'.", "input");
    }
    if (input.isTextual()) {
      return List.of(message("user", input.textValue()));
    }
    if (!input.isArray() || input.isEmpty()) {
      throw wrongType("input", "a string or a non-empty array of items");
    }
    List<ObjectNode> items = new ArrayList<>();
    for (int i = 0; i < input.size(); i++) {
      items.add(item(input.get(i), "input[" + i + "]"));
    }
    return items;
  }

  private static ObjectNode item(JsonNode item, String param) {
    if (!item.isObject()) {
      throw wrongType(param, "an object");
    }
    String type = Fields.string(item, "type", param + ".type");
    switch (type == null ? "message" : type) {
      case "message" -> {
        String role = Fields.string(item, "role", param + ".role");
        if (role == null || !ROLES.contains(role)) {
          throw new InvalidRequestException(
              "Invalid value for '"
                  + param
                  + ".role': "
                  + role
                  + "; supported: 'user', 'assistant', 'system' and 'developer'.",
              param + ".role");
        }
        return message(role, text(field(item, "content"), param + ".content"));
      }
      case "function_call" -> {
        ObjectNode call =
            Json.MAPPER
                .createObjectNode()
                .put("type", "function_call")
                .put("call_id", Fields.required(item, "call_id", param))
                .put("name", Fields.required(item, "name", param));
        String arguments = Fields.required(item, "arguments", param);
        Fields.requireJsonObject(arguments, param + ".arguments");
        return call.put("arguments", arguments);
      }
      case "function_call_output" -> {
        JsonNode output = field(item, "output");
        if (output == null) {
          throw new InvalidRequestException(
              "Missing required parameter: '" + param + ".output'.", param + ".output");
        }
        return Json.MAPPER
            .createObjectNode()
            .put("type", "function_call_output")
            .put("call_id", Fields.required(item, "call_id", param))
            .put("output", text(output, param + ".output"));
      }
      default ->
          throw new InvalidRequestException(
              "Invalid value for '"
                  + param
                  + ".type': "
                  + type
                  + "; supported: 'message', 'function_call' and 'function_call_output'.",
              param + ".type");
    }
  }

  /** A normalized message item. */
  static ObjectNode message(String role, String text) {
    return Json.MAPPER
        .createObjectNode()
        .put("type", "message")
        .put("role", role)
        .put("content", text);
  }

  /** A string, or the text of input_text / output_text parts. */
  private static String text(JsonNode content, String param) {
    return ChatMessagesParser.content(content, param, TEXT_PARTS);
  }

  private static ToolSet tools(JsonNode root) {
    List<ToolDefinition> definitions =
        ToolFields.definitions(
            field(root, "tools"),
            i -> "tools[" + i + "]",
            (tool, param) -> {
              ToolFields.requireFunctionType(tool, param);
              return ToolFields.definition(tool, param, "parameters");
            },
            (name, param) -> ToolFields.sameName(name, param + ".name"));
    JsonNode parallel = field(root, "parallel_tool_calls");
    if (parallel != null && !parallel.isBoolean()) {
      throw wrongType("parallel_tool_calls", "a boolean");
    }
    return new ToolSet(
        definitions, choice(root, definitions), parallel == null || parallel.booleanValue());
  }

  private static ToolChoice choice(JsonNode root, List<ToolDefinition> tools) {
    JsonNode choice = field(root, "tool_choice");
    if (choice == null) {
      return tools.isEmpty() ? ToolChoice.NONE : ToolChoice.AUTO;
    }
    if (choice.isTextual()) {
      return switch (choice.textValue()) {
        case "none" -> ToolChoice.NONE;
        case "auto" -> tools.isEmpty() ? ToolChoice.NONE : ToolChoice.AUTO;
        case "required" -> {
          if (tools.isEmpty()) {
            throw new InvalidRequestException(
                "'tool_choice' \"required\" needs 'tools'.", "tool_choice");
          }
          yield ToolChoice.REQUIRED;
        }
        default ->
            throw new InvalidRequestException(
                "Invalid value for 'tool_choice': \""
                    + choice.textValue()
                    + "\"; supported: 'none', 'auto', 'required' or a function.",
                "tool_choice");
      };
    }
    if (!choice.isObject()
        || !"function".equals(Fields.string(choice, "type", "tool_choice.type"))) {
      throw new InvalidRequestException(
          "'tool_choice' as an object must be {\"type\": \"function\", \"name\": ...}.",
          "tool_choice");
    }
    return ToolFields.named(
        Fields.string(choice, "name", "tool_choice.name"), tools, "tool_choice.name");
  }

  private static String format(JsonNode root) {
    JsonNode text = field(root, "text");
    if (text == null) {
      return null;
    }
    if (!text.isObject()) {
      throw wrongType("text", "an object");
    }
    JsonNode format = field(text, "format");
    if (format == null) {
      return null;
    }
    if (!format.isObject()) {
      throw wrongType("text.format", "an object");
    }
    String type = Fields.string(format, "type", "text.format.type");
    return switch (type == null ? "" : type) {
      case "text" -> null;
      case "json_object" -> ChatRequestParser.JSON_OBJECT_SCHEMA;
      case "json_schema" -> {
        JsonNode schema = field(format, "schema");
        if (schema == null || !(schema.isObject() || schema.isBoolean())) {
          throw wrongType("text.format.schema", "a JSON schema object");
        }
        yield schema.toString();
      }
      default ->
          throw new InvalidRequestException(
              "Invalid value for 'text.format.type': \""
                  + type
                  + "\"; supported types are 'text', 'json_object' and 'json_schema'.",
              "text.format.type");
    };
  }
}
