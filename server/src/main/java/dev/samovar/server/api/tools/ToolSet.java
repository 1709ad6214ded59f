package dev.samovar.server.api.tools;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.samovar.server.api.Json;
import java.util.List;

/**
 * The tools a request offers and how the model must use them; the JSON schema of what the model
 * writes to call them ({@link ToolPrompt} describes the format).
 *
 * @param tools the functions, possibly none
 * @param choice whether and which tools the model must call
 * @param parallel whether one answer may call several functions
 */
public record ToolSet(List<ToolDefinition> tools, ToolChoice choice, boolean parallel) {

  /** No tools. */
  public static final ToolSet NONE = new ToolSet(List.of(), ToolChoice.NONE, true);

  public ToolSet {
    tools = List.copyOf(tools);
    if (choice.mode() == ToolChoice.Mode.FUNCTION
        && tools.stream().noneMatch(tool -> tool.name().equals(choice.function()))) {
      throw new IllegalArgumentException("no tool named " + choice.function());
    }
  }

  /** Whether the model is offered the tools: there are some and the choice is not "none". */
  public boolean offered() {
    return !tools.isEmpty() && choice.mode() != ToolChoice.Mode.NONE;
  }

  /** Whether the model may answer in text instead of calling tools ("auto"). */
  public boolean textAllowed() {
    return choice.mode() == ToolChoice.Mode.AUTO;
  }

  /** The functions the model may call under its choice. */
  public List<ToolDefinition> callable() {
    if (choice.mode() == ToolChoice.Mode.FUNCTION) {
      return tools.stream().filter(tool -> tool.name().equals(choice.function())).toList();
    }
    return tools;
  }

  /**
   * The JSON schema of a call document, {@code {"tool_calls": [{"name": ..., "arguments": ...}]}}:
   * one or more calls (at most one unless parallel, exactly one of a named function), each of a
   * callable function with arguments of its schema, the name first.
   */
  public String callSchema() {
    List<ToolDefinition> callable = callable();
    ArrayNode calls = Json.MAPPER.createArrayNode();
    for (ToolDefinition tool : callable) {
      ObjectNode call = object();
      call.putObject("properties").putObject("name").put("const", tool.name());
      ((ObjectNode) call.get("properties")).set("arguments", tool.parameters());
      call.putArray("required").add("name").add("arguments");
      calls.add(call);
    }
    ObjectNode items =
        callable.size() == 1 ? (ObjectNode) calls.get(0) : Json.MAPPER.createObjectNode();
    if (callable.size() > 1) {
      items.set("anyOf", calls);
    }
    ObjectNode list = Json.MAPPER.createObjectNode().put("type", "array").put("minItems", 1);
    list.set("items", items);
    if (!parallel || choice.mode() == ToolChoice.Mode.FUNCTION) {
      list.put("maxItems", 1);
    }
    ObjectNode document = object();
    document.putObject("properties").set("tool_calls", list);
    document.putArray("required").add("tool_calls");
    return document.toString();
  }

  private static ObjectNode object() {
    return Json.MAPPER.createObjectNode().put("type", "object").put("additionalProperties", false);
  }
}
