package dev.samovar.server.http;

import static dev.samovar.server.http.StreamingTest.parse;
import static dev.samovar.server.http.TestServer.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.samovar.engine.FinishReason;
import dev.samovar.server.api.Json;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The per-request deadline: length once tokens came, a timeout error before. */
@Timeout(20)
class TimeoutTest {
  private static final String HI =
      "{\"model\":\"fake\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]";
  private static final String TIMEOUT =
      "{\"error\":{\"message\":\"The request timed out: no token was generated within 300 ms.\","
          + "\"type\":\"server_error\",\"param\":null,\"code\":\"timeout\"}}";

  private final TestServer server =
      TestServer.ready(
          ServerSettings.DEFAULTS
              .withRequestTimeout(Duration.ofMillis(300))
              .withKeepAlive(Duration.ofMillis(50)));

  @AfterEach
  void close() {
    server.close();
  }

  @Test
  void answers504BeforeTheFirstToken() throws Exception {
    server.engine.script(new FakeEngine.Script.Endless(Duration.ofMinutes(1)));
    long start = System.nanoTime();

    HttpResponse<String> response = server.post("/v1/chat/completions", HI + "}");

    assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThan(Duration.ofMillis(300));
    assertThat(response.statusCode()).isEqualTo(504);
    assertThat(response.headers().firstValue("x-should-retry")).hasValue("false");
    assertThat(json(response)).isEqualTo(Json.MAPPER.readTree(TIMEOUT));
    assertThat(server.engine.awaitCancel(Duration.ZERO)).isTrue();
    server.engine.script(FakeEngine.Script.reply(FinishReason.STOP, "ok"));
    assertThat(server.post("/v1/chat/completions", HI + "}").statusCode()).isEqualTo(200);
  }

  @Test
  void endsWithLengthOnceTokensCame() throws Exception {
    server.engine.script(new FakeEngine.Script.Endless(Duration.ZERO));

    JsonNode body = json(server.post("/v1/completions", "{\"model\":\"fake\",\"prompt\":\"x\"}"));

    assertThat(body.at("/choices/0/finish_reason").asText()).isEqualTo("length");
    String text = body.at("/choices/0/text").asText();
    assertThat(text).startsWith("tick tick ");
    assertThat(body.at("/usage/completion_tokens").asInt())
        .isEqualTo(text.split(" ").length)
        .isGreaterThan(5);
  }

  @Test
  void sendsTheTimeoutInStreamBeforeTheFirstToken() throws Exception {
    server.engine.script(new FakeEngine.Script.Endless(Duration.ofMinutes(1)));

    List<String> events = dataEvents(server.post("/v1/chat/completions", HI + ",\"stream\":true}"));

    assertThat(events).hasSize(2);
    assertThat(parse(events).getFirst().at("/choices/0/delta/role").asText())
        .isEqualTo("assistant");
    assertThat(Json.MAPPER.readTree(events.getLast())).isEqualTo(Json.MAPPER.readTree(TIMEOUT));
  }

  @Test
  void endsAStreamWithLengthOnceTokensCame() throws Exception {
    server.engine.script(new FakeEngine.Script.Endless(Duration.ZERO));

    List<String> events = dataEvents(server.post("/v1/chat/completions", HI + ",\"stream\":true}"));

    assertThat(events.getLast()).isEqualTo("[DONE]");
    JsonNode finish = Json.MAPPER.readTree(events.get(events.size() - 2));
    assertThat(finish.at("/choices/0/finish_reason").asText()).isEqualTo("length");
    assertThat(events.get(1)).contains("tick");
  }

  /** The data of each event, keep-alive comments left out. */
  private static List<String> dataEvents(HttpResponse<String> response) {
    assertThat(response.statusCode()).isEqualTo(200);
    List<String> events = new ArrayList<>();
    for (String event : response.body().split("\n\n")) {
      if (!event.equals(": ping")) {
        assertThat(event).startsWith("data: ");
        events.add(event.substring("data: ".length()));
      }
    }
    return events;
  }
}
