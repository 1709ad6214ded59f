package dev.samovar.server.api.tools;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A function the model may call.
 *
 * @param name the function's name: 1-64 letters, digits, '_' or '-'
 * @param description what it does, or null
 * @param parameters the JSON schema of its arguments, an object schema
 * @param param the request field that defines the schema, for errors (e.g. {@code
 *     tools[0].function.parameters})
 */
public record ToolDefinition(String name, String description, ObjectNode parameters, String param) {

  /** The names OpenAI accepts for functions. */
  public static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]{1,64}");

  public ToolDefinition {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(parameters, "parameters");
    Objects.requireNonNull(param, "param");
    if (!NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("not a function name: " + name);
    }
  }
}
