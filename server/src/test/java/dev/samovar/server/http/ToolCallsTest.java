package dev.samovar.server.http;

import static dev.samovar.server.http.TestServer.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.samovar.engine.FinishReason;
import dev.samovar.engine.GenerationRequest;
import dev.samovar.server.api.Json;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Tool calling on chat completions, against the fake engine. */
class ToolCallsTest {
  private static final String TOOLS =
      "\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"get_weather\","
          + "\"description\":\"Погода в городе\",\"parameters\":{\"type\":\"object\","
          + "\"properties\":{\"city\":{\"type\":\"string\"}},\"required\":[\"city\"]}}}]";
  private static final String ASK =
      "{\"model\":\"fake\",\"messages\":[{\"role\":\"system\",\"content\":\"Будь краток.\"},"
          + "{\"role\":\"user\",\"content\":\"Погода в Туле?\"}],"
          + TOOLS;

  private final TestServer server = TestServer.ready();

  @AfterEach
  void close() {
    server.close();
  }

  @Test
  void aCallDocumentBecomesToolCalls() throws Exception {
    server.engine.script(
        FakeEngine.Script.reply(
            FinishReason.STOP,
            "{\"tool_calls\":[{\"name\":\"get_",
            "weather\",\"arguments\":{\"city\":",
            "\"Тула\"}}]}"));

    JsonNode body = json(server.post("/v1/chat/completions", ASK + "}"));

    JsonNode choice = body.at("/choices/0");
    assertThat(choice.get("finish_reason").asText()).isEqualTo("tool_calls");
    assertThat(choice.at("/message/content").isNull()).isTrue();
    JsonNode call = choice.at("/message/tool_calls/0");
    assertThat(call.get("id").asText()).matches("call_[0-9a-f]{24}");
    assertThat(call.get("type").asText()).isEqualTo("function");
    assertThat(call.at("/function/name").asText()).isEqualTo("get_weather");
    assertThat(Json.MAPPER.readTree(call.at("/function/arguments").asText()))
        .isEqualTo(Json.MAPPER.readTree("{\"city\":\"Тула\"}"));

    GenerationRequest request = server.engine.lastRequest();
    assertThat(request.textAllowed()).isTrue();
    assertThat(
            Json.MAPPER
                .readTree(request.jsonSchema())
                .at("/properties/tool_calls/items/properties/name/const")
                .asText())
        .isEqualTo("get_weather");
    String system = request.prompt().text().split("<user>")[0];
    assertThat(system)
        .startsWith("<system>Будь краток.\n\nYou can call these functions")
        .contains("Погода в городе");
  }

  @Test
  void textUnderAutoStaysContent() throws Exception {
    JsonNode body = json(server.post("/v1/chat/completions", ASK + "}"));

    JsonNode choice = body.at("/choices/0");
    assertThat(choice.get("finish_reason").asText()).isEqualTo("stop");
    assertThat(choice.at("/message/content").asText()).isEqualTo("Hello wörld");
    assertThat(choice.at("/message").has("tool_calls")).isFalse();
  }

  @Test
  void requiredAndNamedChoicesAllowNoText() throws Exception {
    server.post("/v1/chat/completions", ASK + ",\"tool_choice\":\"required\"}");
    assertThat(server.engine.lastRequest().textAllowed()).isFalse();

    server.post(
        "/v1/chat/completions",
        ASK
            + ",\"tool_choice\":{\"type\":\"function\",\"function\":{\"name\":\"get_weather\"}},"
            + "\"parallel_tool_calls\":false}");
    GenerationRequest named = server.engine.lastRequest();
    assertThat(named.textAllowed()).isFalse();
    assertThat(
            Json.MAPPER.readTree(named.jsonSchema()).at("/properties/tool_calls/maxItems").asInt())
        .isEqualTo(1);
    assertThat(named.prompt().text()).contains("You must call the function get_weather now.");
  }

  @Test
  void toolsUnderNoneAreNeitherDescribedNorEnforced() throws Exception {
    server.post("/v1/chat/completions", ASK + ",\"tool_choice\":\"none\"}");

    GenerationRequest request = server.engine.lastRequest();
    assertThat(request.jsonSchema()).isNull();
    assertThat(request.prompt().text()).doesNotContain("You can call");
  }

  @Test
  void historyWithCallsAndResultsIsRenderedInTheToolFormat() throws Exception {
    String history =
        "{\"model\":\"fake\",\"messages\":[{\"role\":\"user\",\"content\":\"Погода?\"},"
            + "{\"role\":\"assistant\",\"content\":null,\"tool_calls\":[{\"id\":\"call_1\","
            + "\"type\":\"function\",\"function\":{\"name\":\"get_weather\","
            + "\"arguments\":\"{\\\"city\\\": \\\"Тула\\\"}\"}}]},"
            + "{\"role\":\"tool\",\"tool_call_id\":\"call_1\",\"content\":\"+5 °C\"}],"
            + TOOLS
            + "}";

    HttpResponse<String> response = server.post("/v1/chat/completions", history);

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(server.engine.lastRequest().prompt().text())
        .contains(
            "<assistant>{\"tool_calls\":[{\"name\":\"get_weather\",\"arguments\":{\"city\":\"Тула\"}}]}"
                + "<tool>{\"name\":\"get_weather\",\"content\":\"+5 °C\"}<assistant>");
  }

  @Test
  void aStreamedCallSendsItsNameFirstThenItsArguments() throws Exception {
    server.engine.script(
        FakeEngine.Script.reply(
            FinishReason.STOP,
            "{\"tool_calls\":[{\"name\":\"get_",
            "weather\",\"arguments\":{\"city\":",
            "\"Тула\"}}]}"));

    List<String> events =
        StreamingTest.events(server.post("/v1/chat/completions", ASK + ",\"stream\":true}").body());

    assertThat(events).last().isEqualTo("[DONE]");
    List<JsonNode> deltas =
        StreamingTest.parse(events.subList(0, events.size() - 1)).stream()
            .map(chunk -> chunk.at("/choices/0"))
            .toList();
    assertThat(deltas.get(0).get("delta").toString())
        .isEqualTo("{\"role\":\"assistant\",\"content\":\"\"}");
    JsonNode start = deltas.get(1).at("/delta/tool_calls/0");
    assertThat(start.get("index").asInt()).isZero();
    assertThat(start.get("id").asText()).matches("call_[0-9a-f]{24}");
    assertThat(start.get("type").asText()).isEqualTo("function");
    assertThat(start.at("/function/name").asText()).isEqualTo("get_weather");
    assertThat(start.at("/function/arguments").asText()).isEmpty();
    String arguments =
        deltas.subList(2, deltas.size() - 1).stream()
            .map(delta -> delta.at("/delta/tool_calls/0/function/arguments").asText())
            .collect(Collectors.joining());
    assertThat(arguments).isEqualTo("{\"city\":\"Тула\"}");
    assertThat(deltas.getLast().get("finish_reason").asText()).isEqualTo("tool_calls");
  }
}
