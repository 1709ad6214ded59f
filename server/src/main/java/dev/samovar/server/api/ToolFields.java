package dev.samovar.server.api;

import static dev.samovar.server.api.Fields.field;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.samovar.server.api.tools.ToolChoice;
import dev.samovar.server.api.tools.ToolDefinition;
import dev.samovar.server.error.InvalidRequestException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.IntFunction;

/** What every API's function definitions share: name, description and argument schema. */
final class ToolFields {
  private ToolFields() {}

  /**
   * A function from the object at {@code param}: its {@code name}, optional {@code description},
   * and the argument schema in {@code schemaField} (an object schema; absent means no arguments).
   */
  static ToolDefinition definition(JsonNode function, String param, String schemaField) {
    String name = Fields.string(function, "name", param + ".name");
    if (name == null) {
      throw new InvalidRequestException(
          "Missing required parameter: '" + param + ".name'.", param + ".name");
    }
    if (!ToolDefinition.NAME.matcher(name).matches()) {
      throw new InvalidRequestException(
          "Invalid '"
              + param
              + ".name': \""
              + name
              + "\"; a function name is 1-64 letters, digits, '_' or '-'.",
          param + ".name");
    }
    String description = Fields.string(function, "description", param + ".description");
    String schemaParam = param + "." + schemaField;
    JsonNode schema = field(function, schemaField);
    ObjectNode parameters;
    if (schema == null) {
      parameters = Json.MAPPER.createObjectNode().put("type", "object");
      parameters.putObject("properties");
    } else if (!schema.isObject()) {
      throw Fields.wrongType(schemaParam, "a JSON schema object");
    } else {
      parameters = ((ObjectNode) schema).deepCopy();
      JsonNode type = parameters.get("type");
      if (type == null) {
        parameters.put("type", "object");
      } else if (!"object".equals(type.asText(null))) {
        throw new InvalidRequestException(
            "Invalid '"
                + schemaParam
                + "': a function's arguments are an object (\"type\":"
                + " \"object\"), not "
                + type
                + ".",
            schemaParam);
      }
    }
    return new ToolDefinition(name, description, parameters, schemaParam);
  }

  /** Reads one entry of a {@code tools} array, which the caller has checked is an object. */
  @FunctionalInterface
  interface ToolReader {
    ToolDefinition read(JsonNode tool, String param);
  }

  /**
   * The definitions of the {@code tools} array (empty when absent): each entry an object that
   * {@code reader} reads, no name twice.
   *
   * @param param the parameter of entry {@code i}, as the API spells it ({@code tools[0]}, {@code
   *     tools.0})
   * @param duplicate the error for a second tool named {@code name}, at entry {@code param}
   */
  static List<ToolDefinition> definitions(
      JsonNode tools,
      IntFunction<String> param,
      ToolReader reader,
      BiFunction<String, String, InvalidRequestException> duplicate) {
    if (tools == null) {
      return List.of();
    }
    if (!tools.isArray()) {
      throw Fields.wrongType("tools", "an array");
    }
    List<ToolDefinition> definitions = new ArrayList<>(tools.size());
    Set<String> names = new HashSet<>();
    for (int i = 0; i < tools.size(); i++) {
      String entry = param.apply(i);
      JsonNode tool = tools.get(i);
      if (!tool.isObject()) {
        throw Fields.wrongType(entry, "an object");
      }
      ToolDefinition definition = reader.read(tool, entry);
      if (!names.add(definition.name())) {
        throw duplicate.apply(definition.name(), entry);
      }
      definitions.add(definition);
    }
    return definitions;
  }

  /** Checks that the tool at {@code param} has OpenAI's type {@code function}. */
  static void requireFunctionType(JsonNode tool, String param) {
    String type = Fields.string(tool, "type", param + ".type");
    if (!"function".equals(type)) {
      throw new InvalidRequestException(
          "Invalid value for '" + param + ".type': " + type + "; supported: 'function'.",
          param + ".type");
    }
  }

  /** OpenAI's error for a second tool named {@code name}, at the name's parameter. */
  static InvalidRequestException sameName(String name, String nameParam) {
    return new InvalidRequestException("Two tools are named '" + name + "'.", nameParam);
  }

  /** The choice of the function named {@code name}, which must be one of {@code tools}. */
  static ToolChoice named(String name, List<ToolDefinition> tools, String param) {
    if (tools.stream().noneMatch(tool -> tool.name().equals(name))) {
      throw new InvalidRequestException(
          "Invalid '" + param + "': no tool is named \"" + name + "\".", param);
    }
    return ToolChoice.function(name);
  }
}
