package dev.samovar.server.api;

import static dev.samovar.server.api.Fields.field;
import static dev.samovar.server.api.Fields.wrongType;

import com.fasterxml.jackson.databind.JsonNode;
import dev.samovar.engine.GenerationRequest;
import dev.samovar.server.api.tools.ToolSet;
import dev.samovar.server.error.InvalidRequestException;

/**
 * Reads a {@code /v1/chat/completions} body field by field. Unknown fields are ignored; a known
 * field with a wrong type or value fails with an {@link InvalidRequestException} naming it.
 */
public final class ChatRequestParser {
  /** The JSON schema that {@code response_format {"type":"json_object"}} stands for. */
  public static final String JSON_OBJECT_SCHEMA = "{\"type\":\"object\"}";

  private ChatRequestParser() {}

  /** Parses and validates a request body. */
  public static ChatRequest parse(byte[] body) {
    JsonNode root = JsonBody.object(body);
    GenerationParams params = GenerationParams.read(root);
    ToolSet tools = ChatToolsParser.parse(root);
    String jsonSchema = jsonSchema(root);
    if (tools.offered() && jsonSchema != null) {
      throw new InvalidRequestException(
          "'response_format' cannot be combined with tools the model may call; set 'tool_choice'"
              + " to 'none' or leave out 'response_format'.",
          "response_format");
    }
    return new ChatRequest(
        params, ChatMessagesParser.parse(root), topLogprobs(root), jsonSchema, tools);
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
