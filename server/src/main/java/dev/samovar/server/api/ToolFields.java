package dev.samovar.server.api;

import static dev.samovar.server.api.Fields.field;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.samovar.server.api.tools.ToolChoice;
import dev.samovar.server.api.tools.ToolDefinition;
import dev.samovar.server.error.InvalidRequestException;
import java.util.List;

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

  /** The choice of the function named {@code name}, which must be one of {@code tools}. */
  static ToolChoice named(String name, List<ToolDefinition> tools, String param) {
    if (tools.stream().noneMatch(tool -> tool.name().equals(name))) {
      throw new InvalidRequestException(
          "Invalid '" + param + "': no tool is named \"" + name + "\".", param);
    }
    return ToolChoice.function(name);
  }
}
