package dev.samovar.server.api.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.samovar.server.api.Json;
import java.util.List;
import org.junit.jupiter.api.Test;

class ToolSetTest {
  private static final ToolDefinition WEATHER =
      tool("weather", "{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"}}}");
  private static final ToolDefinition TIME = tool("time", "{\"type\":\"object\"}");

  @Test
  void callsOfSeveralFunctionsAreAnyOfTheirCallsAndMayBeParallel() throws Exception {
    JsonNode schema = schema(new ToolSet(List.of(WEATHER, TIME), ToolChoice.AUTO, true));

    JsonNode calls = schema.at("/properties/tool_calls");
    assertThat(calls.get("minItems").asInt()).isEqualTo(1);
    assertThat(calls.has("maxItems")).isFalse();
    assertThat(calls.at("/items/anyOf/0/properties/name/const").asText()).isEqualTo("weather");
    assertThat(calls.at("/items/anyOf/0/properties/arguments")).isEqualTo(WEATHER.parameters());
    assertThat(calls.at("/items/anyOf/1/properties/name/const").asText()).isEqualTo("time");
    assertThat(schema.get("required").toString()).isEqualTo("[\"tool_calls\"]");
    assertThat(schema.get("additionalProperties").asBoolean()).isFalse();
  }

  @Test
  void aNamedFunctionIsCalledOnceAndAloneWithoutText() throws Exception {
    ToolSet tools = new ToolSet(List.of(WEATHER, TIME), ToolChoice.function("time"), true);
    JsonNode calls = schema(tools).at("/properties/tool_calls");

    assertThat(calls.get("maxItems").asInt()).isEqualTo(1);
    assertThat(calls.at("/items/properties/name/const").asText()).isEqualTo("time");
    assertThat(calls.at("/items/required").toString()).isEqualTo("[\"name\",\"arguments\"]");
    assertThat(tools.textAllowed()).isFalse();
    assertThat(tools.callable()).containsExactly(TIME);
  }

  @Test
  void withoutParallelCallsOneCallAtATime() throws Exception {
    ToolSet tools = new ToolSet(List.of(WEATHER), ToolChoice.REQUIRED, false);
    assertThat(schema(tools).at("/properties/tool_calls/maxItems").asInt()).isEqualTo(1);
    assertThat(tools.textAllowed()).isFalse();
    assertThat(tools.offered()).isTrue();
  }

  @Test
  void toolsUnderNoneAreNotOffered() {
    assertThat(new ToolSet(List.of(WEATHER), ToolChoice.NONE, true).offered()).isFalse();
    assertThat(ToolSet.NONE.offered()).isFalse();
    assertThatThrownBy(() -> new ToolSet(List.of(WEATHER), ToolChoice.function("time"), true))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void thePromptDescribesTheToolsAndTheFormat() {
    ToolSet tools = new ToolSet(List.of(WEATHER), ToolChoice.AUTO, false);
    String text = ToolPrompt.instructions(tools);

    assertThat(text)
        .contains("\"name\":\"weather\"", "{\"tool_calls\": [{\"name\": \"<function>\"")
        .contains("otherwise answer in plain text", "Call one function at a time.");
  }

  private static JsonNode schema(ToolSet tools) throws Exception {
    return Json.MAPPER.readTree(tools.callSchema());
  }

  private static ToolDefinition tool(String name, String parameters) {
    try {
      return new ToolDefinition(
          name,
          null,
          (ObjectNode) Json.MAPPER.readTree(parameters),
          "tools[0].function.parameters");
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
