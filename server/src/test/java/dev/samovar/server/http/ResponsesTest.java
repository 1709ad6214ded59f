package dev.samovar.server.http;

import static dev.samovar.server.http.TestServer.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.samovar.engine.FinishReason;
import dev.samovar.server.api.Json;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@code /v1/responses} against the fake engine: shapes, events, storage and errors. */
class ResponsesTest {
  private static final String TOOLS =
      "\"tools\":[{\"type\":\"function\",\"name\":\"get_weather\",\"parameters\":"
          + "{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"}}}}]";

  private final TestServer server = TestServer.ready();

  @AfterEach
  void close() {
    server.close();
  }

  @Test
  void aResponseHasTheFieldsTheSdkNeedsAndIsStored() throws Exception {
    JsonNode response =
        json(
            server.post(
                "/v1/responses",
                "{\"model\":\"fake\",\"input\":\"Hi\",\"instructions\":\"Be brief.\","
                    + "\"metadata\":{\"k\":\"v\"}}"));

    assertThat(response.get("object").asText()).isEqualTo("response");
    assertThat(response.get("status").asText()).isEqualTo("completed");
    assertThat(response.get("instructions").asText()).isEqualTo("Be brief.");
    assertThat(response.at("/metadata/k").asText()).isEqualTo("v");
    assertThat(response.at("/output/0/type").asText()).isEqualTo("message");
    assertThat(response.at("/output/0/content/0/text").asText()).isEqualTo("Hello wörld");
    assertThat(response.at("/usage/output_tokens").asInt()).isEqualTo(4);
    assertThat(response.at("/usage/total_tokens").asInt())
        .isEqualTo(response.at("/usage/input_tokens").asInt() + 4);
    for (String field : List.of("error", "incomplete_details", "tools", "tool_choice", "text")) {
      assertThat(response.has(field)).as(field).isTrue();
    }
    assertThat(server.engine.lastRequest().prompt().text()).startsWith("<system>Be brief.<user>Hi");

    String id = response.get("id").asText();
    assertThat(json(server.get("/v1/responses/" + id))).isEqualTo(response);
    JsonNode items = json(server.get("/v1/responses/" + id + "/input_items"));
    assertThat(items.at("/data/0/content/0/type").asText()).isEqualTo("input_text");
    assertThat(items.at("/data/0/content/0/text").asText()).isEqualTo("Hi");
    assertThat(items.get("data")).hasSize(1);
    assertThat(delete(id).statusCode()).isEqualTo(200);
    assertThat(server.get("/v1/responses/" + id).statusCode()).isEqualTo(404);
    assertThat(delete(id).statusCode()).isEqualTo(404);
  }

  @Test
  void logProbabilitiesAreIncludedWhenAskedFor() throws Exception {
    JsonNode response =
        json(
            server.post(
                "/v1/responses",
                "{\"model\":\"fake\",\"input\":\"Hi\",\"top_logprobs\":2,"
                    + "\"include\":[\"message.output_text.logprobs\"]}"));

    JsonNode logprobs = response.at("/output/0/content/0/logprobs");
    assertThat(logprobs).hasSize(4);
    assertThat(logprobs.get(0).get("token").asText()).isEqualTo("Hel");
    assertThat(logprobs.get(0).get("top_logprobs")).hasSize(2);
    assertThat(server.engine.lastRequest().topLogprobs()).isEqualTo(2);

    server.post("/v1/responses", "{\"model\":\"fake\",\"input\":\"Hi\"}");
    assertThat(server.engine.lastRequest().topLogprobs()).isNull();
  }

  @Test
  void storeFalseKeepsNothing() throws Exception {
    JsonNode response =
        json(server.post("/v1/responses", "{\"model\":\"fake\",\"input\":\"Hi\",\"store\":false}"));

    assertThat(server.get("/v1/responses/" + response.get("id").asText()).statusCode())
        .isEqualTo(404);
  }

  @Test
  void aStreamNumbersItsEventsAndStreamsAFunctionCall() throws Exception {
    server.engine.script(
        FakeEngine.Script.reply(
            FinishReason.STOP,
            "{\"tool_calls\":[{\"name\":\"get_weather\",",
            "\"arguments\":{\"city\":",
            "\"Тула\"}}]}"));

    HttpResponse<String> response =
        server.post(
            "/v1/responses",
            "{\"model\":\"fake\",\"input\":\"Погода?\",\"stream\":true," + TOOLS + "}");

    List<JsonNode> events = new ArrayList<>();
    for (String event : response.body().split("\n\n")) {
      String[] lines = event.split("\n");
      assertThat(lines).hasSize(2);
      JsonNode data = Json.MAPPER.readTree(lines[1].substring("data: ".length()));
      assertThat(lines[0]).isEqualTo("event: " + data.get("type").asText());
      assertThat(data.get("sequence_number").asInt()).isEqualTo(events.size());
      events.add(data);
    }
    assertThat(events)
        .extracting(event -> event.get("type").asText())
        .containsExactly(
            "response.created",
            "response.in_progress",
            "response.output_item.added",
            "response.function_call_arguments.delta",
            "response.function_call_arguments.delta",
            "response.function_call_arguments.done",
            "response.output_item.done",
            "response.completed");
    JsonNode done = events.get(6).get("item");
    assertThat(done.get("name").asText()).isEqualTo("get_weather");
    assertThat(done.get("arguments").asText()).isEqualTo("{\"city\":\"Тула\"}");
    assertThat(events.getLast().at("/response/output/0")).isEqualTo(done);
  }

  @Test
  void badRequestsNameTheirField() throws Exception {
    assertBad("{\"model\":\"fake\"}", "input");
    assertBad("{\"model\":\"fake\",\"input\":[{\"type\":\"reasoning\"}]}", "input[0].type");
    assertBad(
        "{\"model\":\"fake\",\"input\":[{\"type\":\"function_call_output\",\"call_id\":\"c\","
            + "\"output\":\"x\"}]}",
        "input[0].call_id");
    assertBad(
        "{\"model\":\"fake\",\"input\":\"Hi\",\"previous_response_id\":\"resp_none\"}",
        "previous_response_id");
    assertBad(
        "{\"model\":\"fake\",\"input\":\"Hi\","
            + TOOLS
            + ",\"text\":{\"format\":{\"type\":\"json_object\"}}}",
        "text.format");
    assertBad(
        "{\"model\":\"fake\",\"input\":\"Hi\",\"tools\":[{\"type\":\"web_search\"}]}",
        "tools[0].type");
    assertBad("{\"model\":\"fake\",\"input\":\"Hi\",\"temperature\":3}", "temperature");
  }

  private void assertBad(String body, String param) throws Exception {
    HttpResponse<String> response = server.post("/v1/responses", body);
    assertThat(response.statusCode()).as(body).isEqualTo(400);
    assertThat(json(response).at("/error/param").asText()).as(body).isEqualTo(param);
  }

  private HttpResponse<String> delete(String id) throws Exception {
    return server.send(HttpRequest.newBuilder(server.uri("/v1/responses/" + id)).DELETE().build());
  }
}
