package dev.samovar.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.samovar.engine.FinishReason;
import dev.samovar.server.api.Json;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(20)
class StreamingTest {
  private static final String MESSAGES = "\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]";
  private static final String STREAM = "{\"model\":\"fake\",\"stream\":true," + MESSAGES;

  @Test
  void streamsRoleContentAndFinishChunksThenDone() throws Exception {
    try (TestServer server = TestServer.ready()) {
      HttpResponse<String> response = server.post("/v1/chat/completions", STREAM + "}");

      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(response.headers().firstValue("Content-Type")).hasValue("text/event-stream");
      assertThat(response.headers().firstValue("Cache-Control")).hasValue("no-cache");
      List<String> events = events(response.body());
      assertThat(events).hasSize(6).last().isEqualTo("[DONE]");
      JsonNode first = Json.MAPPER.readTree(events.getFirst());
      assertThat(first.get("id").asText()).matches("chatcmpl-[0-9a-f]{32}");
      Chunks expected = new Chunks(first, false);
      assertThat(parse(events.subList(0, 5)))
          .containsExactly(
              expected.delta("{\"role\":\"assistant\",\"content\":\"\"}", null),
              expected.delta("{\"content\":\"Hel\"}", null),
              expected.delta("{\"content\":\"lo\"}", null),
              expected.delta("{\"content\":\" wörld\"}", null),
              expected.delta("{}", "stop"));
    }
  }

  @Test
  void endsWithAUsageChunkOnlyWhenAsked() throws Exception {
    try (TestServer server = TestServer.ready()) {
      server.engine.script(FakeEngine.Script.reply(FinishReason.LENGTH, "a", "b"));
      String body = STREAM + ",\"stream_options\":{\"include_usage\":true},\"max_tokens\":2}";

      List<String> events = events(server.post("/v1/chat/completions", body).body());

      assertThat(events).hasSize(6).last().isEqualTo("[DONE]");
      Chunks expected = new Chunks(Json.MAPPER.readTree(events.getFirst()), true);
      assertThat(parse(events.subList(0, 5)))
          .containsExactly(
              expected.delta("{\"role\":\"assistant\",\"content\":\"\"}", null),
              expected.delta("{\"content\":\"a\"}", null),
              expected.delta("{\"content\":\"b\"}", null),
              expected.delta("{}", "length"),
              expected.usage(
                  "{\"prompt_tokens\":19,\"completion_tokens\":2,\"total_tokens\":21,"
                      + "\"prompt_tokens_details\":{\"cached_tokens\":2}}"));
    }
  }

  @Test
  void sendsAnEngineFailureInStreamWithoutDone() throws Exception {
    try (TestServer server = TestServer.ready()) {
      server.engine.script(new FakeEngine.Script.Fail("partial", "decode failed"));

      HttpResponse<String> response = server.post("/v1/chat/completions", STREAM + "}");

      assertThat(response.statusCode()).isEqualTo(200);
      List<String> events = events(response.body());
      assertThat(events).hasSize(3);
      Chunks expected = new Chunks(Json.MAPPER.readTree(events.getFirst()), false);
      assertThat(parse(events))
          .containsExactly(
              expected.delta("{\"role\":\"assistant\",\"content\":\"\"}", null),
              expected.delta("{\"content\":\"partial\"}", null),
              Json.MAPPER.readTree(
                  "{\"error\":{\"message\":\"decode failed\",\"type\":\"server_error\","
                      + "\"param\":null,\"code\":null}}"));
    }
  }

  @Test
  void cancelsTheGenerationWhenTheClientLeavesMidStream() throws Exception {
    try (TestServer server = TestServer.ready()) {
      server.engine.script(new FakeEngine.Script.Endless(Duration.ZERO));

      try (Socket socket = openStream(server)) {
        RawStream.readUntil(socket, "tick");
        assertThat(server.engine.awaitCancel(Duration.ofMillis(100))).isFalse();
      }

      assertThat(server.engine.awaitCancel(Duration.ofSeconds(5))).isTrue();
      assertThat(server.get("/health").statusCode()).isEqualTo(200);
    }
  }

  @Test
  void sendsKeepAlivesWhileWaitingAndCancelsWhenTheClientLeaves() throws Exception {
    ServerSettings settings = ServerSettings.DEFAULTS.withKeepAlive(Duration.ofMillis(50));
    try (TestServer server = TestServer.ready(settings)) {
      server.engine.script(new FakeEngine.Script.Endless(Duration.ofMinutes(1)));

      try (Socket socket = openStream(server)) {
        String received = RawStream.readUntil(socket, ": ping\n\n");
        assertThat(received).contains("\"role\":\"assistant\"").doesNotContain("tick");
      }

      assertThat(server.engine.awaitCancel(Duration.ofSeconds(5))).isTrue();
    }
  }

  private static Socket openStream(TestServer server) throws Exception {
    return RawStream.open(server.port(), STREAM + "}");
  }

  /** The data of each event; every event must be one {@code data:} line ended by a blank line. */
  static List<String> events(String body) {
    assertThat(body).endsWith("\n\n");
    List<String> events = new ArrayList<>();
    for (String event : Arrays.asList(body.split("\n\n"))) {
      assertThat(event).startsWith("data: ").doesNotContain("\n");
      events.add(event.substring("data: ".length()));
    }
    return events;
  }

  static List<JsonNode> parse(List<String> events) throws Exception {
    List<JsonNode> parsed = new ArrayList<>();
    for (String event : events) {
      parsed.add(Json.MAPPER.readTree(event));
    }
    return parsed;
  }

  /** Expected chunks with the stream's id and created. */
  private record Chunks(JsonNode first, boolean usageField) {

    JsonNode delta(String delta, String finishReason) throws Exception {
      ObjectNode chunk = header();
      ObjectNode choice = chunk.putArray("choices").addObject().put("index", 0);
      choice.set("delta", Json.MAPPER.readTree(delta));
      choice.putNull("logprobs");
      choice.put("finish_reason", finishReason);
      if (usageField) {
        chunk.putNull("usage");
      }
      return chunk;
    }

    JsonNode usage(String usage) throws Exception {
      ObjectNode chunk = header();
      chunk.putArray("choices");
      chunk.set("usage", Json.MAPPER.readTree(usage));
      return chunk;
    }

    private ObjectNode header() {
      ObjectNode chunk = Json.MAPPER.createObjectNode();
      chunk.set("id", first.get("id"));
      chunk.put("object", "chat.completion.chunk");
      chunk.set("created", first.get("created"));
      chunk.put("model", "fake");
      return chunk;
    }
  }
}
