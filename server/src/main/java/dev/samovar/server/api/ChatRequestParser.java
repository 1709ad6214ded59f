package dev.samovar.server.api;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.samovar.engine.ChatMessage;
import dev.samovar.server.error.InvalidRequestException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Reads a {@code /v1/chat/completions} body field by field. Unknown fields are ignored; a known
 * field with a wrong type or value fails with an {@link InvalidRequestException} naming it.
 */
public final class ChatRequestParser {
  private static final Set<String> ROLES = Set.of("system", "user", "assistant");
  private static final int MAX_STOP_STRINGS = 4;

  private ChatRequestParser() {}

  /** Parses and validates a request body. */
  public static ChatRequest parse(byte[] body) {
    JsonNode root = readTree(body);
    if (!root.isObject()) {
      throw new InvalidRequestException("The request body must be a JSON object.", null);
    }
    boolean stream = bool(root, "stream", "stream");
    JsonNode streamOptions = field(root, "stream_options");
    if (streamOptions != null && !streamOptions.isObject()) {
      throw wrongType("stream_options", "an object");
    }
    if (streamOptions != null && !stream) {
      throw new InvalidRequestException(
          "stream_options is only allowed when stream is true.", "stream_options");
    }
    JsonNode n = field(root, "n");
    if (n != null && !(n.isIntegralNumber() && n.asLong() == 1)) {
      throw new InvalidRequestException("Only n=1 is supported.", "n");
    }
    return new ChatRequest(
        model(root),
        messages(root),
        temperature(root),
        topP(root),
        maxTokens(root),
        stop(root),
        seed(root),
        stream,
        streamOptions != null
            && bool(streamOptions, "include_usage", "stream_options.include_usage"));
  }

  private static JsonNode readTree(byte[] body) {
    try {
      JsonNode root = Json.MAPPER.readTree(body);
      if (root == null || root.isMissingNode()) {
        throw new InvalidRequestException("The request body is empty; send a JSON object.", null);
      }
      return root;
    } catch (JacksonException e) {
      throw new InvalidRequestException(
          "The request body is not valid JSON: " + e.getOriginalMessage(), null);
    } catch (IOException e) {
      throw new InvalidRequestException("The request body could not be read.", null);
    }
  }

  /** The field's value, or null when it is absent or JSON null. */
  private static JsonNode field(JsonNode parent, String name) {
    JsonNode value = parent.get(name);
    return value == null || value.isNull() ? null : value;
  }

  private static String model(JsonNode root) {
    JsonNode model = field(root, "model");
    if (model == null) {
      throw new InvalidRequestException("You must provide a model parameter.", "model");
    }
    if (!model.isTextual()) {
      throw wrongType("model", "a string");
    }
    return model.textValue();
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
    if (!role.isTextual() || !ROLES.contains(role.textValue())) {
      throw new InvalidRequestException(
          "Invalid value for '"
              + param
              + ".role': "
              + role
              + "; supported roles are 'system', 'user' and 'assistant'.",
          param + ".role");
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

  private static Double temperature(JsonNode root) {
    Double temperature = number(root, "temperature");
    if (temperature != null && !(temperature >= 0 && temperature <= 2)) {
      throw outOfRange("temperature", temperature, "[0, 2]");
    }
    return temperature;
  }

  private static Double topP(JsonNode root) {
    Double topP = number(root, "top_p");
    if (topP != null && !(topP > 0 && topP <= 1)) {
      throw outOfRange("top_p", topP, "(0, 1]");
    }
    return topP;
  }

  private static Double number(JsonNode root, String name) {
    JsonNode value = field(root, name);
    if (value == null) {
      return null;
    }
    if (!value.isNumber()) {
      throw wrongType(name, "a number");
    }
    return value.doubleValue();
  }

  private static InvalidRequestException outOfRange(String param, double value, String range) {
    return new InvalidRequestException(
        "Invalid value for '" + param + "': " + value + " is not in " + range + ".", param);
  }

  private static Integer maxTokens(JsonNode root) {
    String name =
        field(root, "max_completion_tokens") != null ? "max_completion_tokens" : "max_tokens";
    JsonNode value = field(root, name);
    if (value == null) {
      return null;
    }
    if (!value.isIntegralNumber()) {
      throw wrongType(name, "an integer");
    }
    if (!value.canConvertToInt() || value.intValue() < 1) {
      throw new InvalidRequestException(
          "Invalid value for '" + name + "': " + value + "; it must be at least 1.", name);
    }
    return value.intValue();
  }

  private static List<String> stop(JsonNode root) {
    JsonNode stop = field(root, "stop");
    if (stop == null) {
      return List.of();
    }
    if (stop.isTextual()) {
      return List.of(stopString(stop, "stop"));
    }
    if (!stop.isArray()) {
      throw wrongType("stop", "a string or an array of strings");
    }
    if (stop.isEmpty() || stop.size() > MAX_STOP_STRINGS) {
      throw new InvalidRequestException(
          "'stop' must hold 1 to " + MAX_STOP_STRINGS + " strings; it has " + stop.size() + ".",
          "stop");
    }
    List<String> result = new ArrayList<>(stop.size());
    for (int i = 0; i < stop.size(); i++) {
      result.add(stopString(stop.get(i), "stop[" + i + "]"));
    }
    return result;
  }

  private static String stopString(JsonNode value, String param) {
    if (!value.isTextual()) {
      throw wrongType(param, "a string");
    }
    if (value.textValue().isEmpty()) {
      throw new InvalidRequestException("Stop strings must not be empty.", param);
    }
    return value.textValue();
  }

  private static Long seed(JsonNode root) {
    JsonNode seed = field(root, "seed");
    if (seed == null) {
      return null;
    }
    if (!seed.isIntegralNumber() || !seed.canConvertToLong()) {
      throw wrongType("seed", "a 64-bit integer");
    }
    return seed.longValue();
  }

  private static boolean bool(JsonNode parent, String name, String param) {
    JsonNode value = field(parent, name);
    if (value == null) {
      return false;
    }
    if (!value.isBoolean()) {
      throw wrongType(param, "a boolean");
    }
    return value.booleanValue();
  }

  private static InvalidRequestException wrongType(String param, String expected) {
    return new InvalidRequestException(
        "Invalid type for '" + param + "': expected " + expected + ".", param);
  }
}
