package dev.samovar.server.api;

import static dev.samovar.server.api.Fields.field;
import static dev.samovar.server.api.Fields.wrongType;

import com.fasterxml.jackson.databind.JsonNode;
import dev.samovar.engine.ChatMessage;
import dev.samovar.engine.GenerationRequest;
import dev.samovar.server.error.InvalidRequestException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Reads a {@code /v1/chat/completions} body field by field. Unknown fields are ignored; a known
 * field with a wrong type or value fails with an {@link InvalidRequestException} naming it, and so
 * does a field asking for tool calls, which the model's chat template cannot express.
 */
public final class ChatRequestParser {
  private static final Set<String> ROLES = Set.of("system", "user", "assistant");
  private static final Set<String> TOOL_ROLES = Set.of("tool", "function");
  private static final String NO_TOOLS =
      "tool calling is not supported, because the model's chat template (Llama 3.0) has no tool"
          + " format.";

  /** The JSON schema that {@code response_format {"type":"json_object"}} stands for. */
  public static final String JSON_OBJECT_SCHEMA = "{\"type\":\"object\"}";

  private ChatRequestParser() {}

  /** Parses and validates a request body. */
  public static ChatRequest parse(byte[] body) {
    JsonNode root = JsonBody.object(body);
    rejectTools(root);
    GenerationParams params = GenerationParams.read(root);
    return new ChatRequest(params, messages(root), topLogprobs(root), jsonSchema(root));
  }

  private static void rejectTools(JsonNode root) {
    Fields.unsupported(root, "tools", "tools", NO_TOOLS);
    Fields.unsupported(root, "functions", "functions", NO_TOOLS);
    for (String choice : List.of("tool_choice", "function_call")) {
      JsonNode value = field(root, choice);
      boolean harmless =
          value == null
              || (value.isTextual() && Set.of("none", "auto").contains(value.textValue()));
      if (!harmless) {
        throw new InvalidRequestException("'" + choice + "' is not supported: " + NO_TOOLS, choice);
      }
    }
  }

  private static List<ChatMessage> messages(JsonNode root) {
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
    List<ChatMessage> result = new ArrayList<>(messages.size());
    for (int i = 0; i < messages.size(); i++) {
      result.add(message(messages.get(i), "messages[" + i + "]"));
    }
    return result;
  }

  private static ChatMessage message(JsonNode message, String param) {
    if (!message.isObject()) {
      throw wrongType(param, "an object");
    }
    JsonNode role = field(message, "role");
    if (role == null) {
      throw new InvalidRequestException(
          "Missing required parameter: '" + param + ".role'.", param + ".role");
    }
    if (role.isTextual() && TOOL_ROLES.contains(role.textValue())) {
      throw new InvalidRequestException(
          "Role '" + role.textValue() + "' in '" + param + ".role' is not supported: " + NO_TOOLS,
          param + ".role");
    }
    if (!role.isTextual() || !ROLES.contains(role.textValue())) {
      throw new InvalidRequestException(
          "Invalid value for '"
              + param
              + ".role': "
              + role
              + "; supported roles are 'system', 'user' and 'assistant'.",
          param + ".role");
    }
    for (String toolField : List.of("tool_calls", "function_call")) {
      Fields.unsupported(message, toolField, param + "." + toolField, NO_TOOLS);
    }
    return new ChatMessage(
        role.textValue(), content(field(message, "content"), param + ".content"));
  }

  private static String content(JsonNode content, String param) {
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
      if (type == null || !"text".equals(type.asText(null))) {
        throw new InvalidRequestException(
            "Unsupported content part type " + type + "; only 'text' parts are supported.",
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

  private static Integer topLogprobs(JsonNode root) {
    boolean logprobs = Fields.bool(root, "logprobs", "logprobs");
    Integer top =
        Fields.integer(root, "top_logprobs", "top_logprobs", 0, GenerationRequest.MAX_TOP_LOGPROBS);
    if (top != null && !logprobs) {
      throw new InvalidRequestException(
          "'top_logprobs' is only allowed when 'logprobs' is true.", "top_logprobs");
    }
    if (!logprobs) {
      return null;
    }
    return top == null ? 0 : top;
  }

  private static String jsonSchema(JsonNode root) {
    JsonNode format = field(root, "response_format");
    if (format == null) {
      return null;
    }
    if (!format.isObject()) {
      throw wrongType("response_format", "an object");
    }
    String type = Fields.string(format, "type", "response_format.type");
    if (type == null) {
      throw new InvalidRequestException(
          "Missing required parameter: 'response_format.type'.", "response_format.type");
    }
    return switch (type) {
      case "text" -> null;
      case "json_object" -> JSON_OBJECT_SCHEMA;
      case "json_schema" -> schemaText(format);
      default ->
          throw new InvalidRequestException(
              "Invalid value for 'response_format.type': \""
                  + type
                  + "\"; supported types are 'text', 'json_object' and 'json_schema'.",
              "response_format.type");
    };
  }

  private static String schemaText(JsonNode format) {
    JsonNode jsonSchema = field(format, "json_schema");
    if (jsonSchema == null) {
      throw new InvalidRequestException(
          "Missing required parameter: 'response_format.json_schema'.",
          "response_format.json_schema");
    }
    if (!jsonSchema.isObject()) {
      throw wrongType("response_format.json_schema", "an object");
    }
    JsonNode schema = field(jsonSchema, "schema");
    if (schema == null) {
      throw new InvalidRequestException(
          "Missing required parameter: 'response_format.json_schema.schema'.",
          "response_format.json_schema.schema");
    }
    if (!schema.isObject() && !schema.isBoolean()) {
      throw wrongType("response_format.json_schema.schema", "a JSON schema object");
    }
    return schema.toString();
  }
}
