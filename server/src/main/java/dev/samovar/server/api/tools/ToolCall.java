package dev.samovar.server.api.tools;

import java.util.Objects;

/**
 * A call of a function.
 *
 * @param id the call's id, which the function's result names ({@code call_...})
 * @param name the function's name
 * @param arguments the arguments as JSON text (an object once the call is complete)
 */
public record ToolCall(String id, String name, String arguments) {
  public ToolCall {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(arguments, "arguments");
  }
}
