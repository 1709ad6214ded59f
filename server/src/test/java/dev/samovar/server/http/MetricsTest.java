package dev.samovar.server.http;

import static dev.samovar.server.http.TestServer.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.samovar.engine.FinishReason;
import dev.samovar.server.ops.AccessSettings;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class MetricsTest {
  private static final String CHAT =
      "{\"model\":\"fake\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]";
  private static final String FAKE = "{model=\"fake\"}";

  @Test
  void countsTokensLatenciesAndFinishReasonsOfRealRequests() throws Exception {
    try (TestServer server = TestServer.ready()) {
      Scrape before = Scrape.of(server);
      JsonNode usage = json(server.post("/v1/chat/completions", CHAT + "}")).get("usage");
      String stream = server.post("/v1/chat/completions", CHAT + ",\"stream\":true}").body();
      assertThat(stream).endsWith("data: [DONE]\n\n");
      Scrape after =
          Scrape.once(
              server, "samovar_requests_total{route=\"/v1/chat/completions\",status=\"200\"}", 2);

      int prompt = usage.get("prompt_tokens").asInt();
      int cached = usage.at("/prompt_tokens_details/cached_tokens").asInt();
      assertThat(usage.get("completion_tokens").asInt()).isEqualTo(4);
      assertThat(before.has("samovar_prompt_tokens_total" + FAKE)).isFalse();
      assertThat(
              after.value("samovar_requests_total{route=\"/v1/chat/completions\",status=\"200\"}"))
          .isEqualTo(2);
      assertThat(after.value("samovar_prompt_tokens_total" + FAKE)).isEqualTo(2.0 * prompt);
      assertThat(after.value("samovar_generation_tokens_total" + FAKE)).isEqualTo(8);
      assertThat(after.value("samovar_prefix_cache_queries_total" + FAKE)).isEqualTo(2.0 * prompt);
      assertThat(after.value("samovar_prefix_cache_hits_total" + FAKE)).isEqualTo(2.0 * cached);
      assertThat(after.value("samovar_requests_finished_total{model=\"fake\",reason=\"stop\"}"))
          .isEqualTo(2);
      assertThat(after.value("samovar_time_to_first_token_seconds_count" + FAKE)).isEqualTo(2);
      // "Hel", "lo", "" and " wörld": three texts, two gaps per generation.
      assertThat(after.value("samovar_inter_token_latency_seconds_count" + FAKE)).isEqualTo(4);
      assertThat(after.value("samovar_e2e_request_latency_seconds_count" + FAKE)).isEqualTo(2);
      assertThat(after.value("samovar_request_queue_time_seconds_count" + FAKE)).isEqualTo(2);
      assertThat(after.value("samovar_request_prompt_tokens_sum" + FAKE)).isEqualTo(2.0 * prompt);
      assertThat(after.value("samovar_request_generation_tokens_sum" + FAKE)).isEqualTo(8);
      assertThat(after.value("samovar_request_generation_tokens_bucket{model=\"fake\",le=\"4.0\"}"))
          .isEqualTo(2);
      assertThat(after.value("samovar_request_generation_tokens_bucket{model=\"fake\",le=\"2.0\"}"))
          .isZero();
      assertThat(after.has("samovar_num_requests_running" + FAKE)).isTrue();
      assertThat(after.value("samovar_num_requests_running" + FAKE)).isZero();
      assertThat(after.value("samovar_num_requests_waiting" + FAKE)).isZero();
      assertThat(after.has("samovar_kv_cache_usage_perc" + FAKE)).isTrue();
      assertThat(after.value("samovar_host_cache_bytes" + FAKE)).isZero();
      assertThat(after.text()).contains("jvm_memory_used_bytes{area=\"heap\"}");
    }
  }

  @Test
  void labelsUnknownPathsAsUnmatchedAndCountsStatuses() throws Exception {
    try (TestServer server = TestServer.ready()) {
      server.get("/secret/user-text");
      server.post("/v1/chat/completions", "{oops");
      server.get("/v1/models/fake");

      Scrape scrape =
          Scrape.once(
              server, "samovar_requests_total{route=\"/v1/models/<id>\",status=\"200\"}", 1);

      assertThat(scrape.value("samovar_requests_total{route=\"unmatched\",status=\"404\"}"))
          .isEqualTo(1);
      assertThat(
              scrape.value("samovar_requests_total{route=\"/v1/chat/completions\",status=\"400\"}"))
          .isEqualTo(1);
      assertThat(scrape.value("samovar_requests_total{route=\"/v1/models/<id>\",status=\"200\"}"))
          .isEqualTo(1);
      assertThat(scrape.text()).doesNotContain("secret", "user-text");
    }
  }

  @Test
  void countsAClientThatLeavesMidStreamAsCancelled() throws Exception {
    try (TestServer server = TestServer.ready()) {
      server.engine.script(new FakeEngine.Script.Endless(Duration.ZERO));

      try (Socket socket = RawStream.open(server.port(), CHAT + ",\"stream\":true}")) {
        RawStream.readUntil(socket, "tick");
      }
      assertThat(server.engine.awaitCancel(Duration.ofSeconds(5))).isTrue();

      assertThat(
              awaitValue(
                  server, "samovar_requests_finished_total{model=\"fake\",reason=\"cancelled\"}"))
          .isEqualTo(1);
    }
  }

  @Test
  void countsTimeoutsAndErrors() throws Exception {
    try (TestServer server =
        TestServer.ready(ServerSettings.DEFAULTS.withRequestTimeout(Duration.ofMillis(200)))) {
      server.engine.script(new FakeEngine.Script.Endless(Duration.ZERO));
      assertThat(server.post("/v1/chat/completions", CHAT + "}").statusCode()).isEqualTo(200);
      server.engine.script(new FakeEngine.Script.Fail("partial", "decode failed"));
      assertThat(server.post("/v1/chat/completions", CHAT + "}").statusCode()).isEqualTo(500);
      server.engine.script(FakeEngine.Script.reply(FinishReason.LENGTH, "a", "b"));
      assertThat(server.post("/v1/chat/completions", CHAT + "}").statusCode()).isEqualTo(200);

      Scrape scrape = Scrape.of(server);

      for (String reason : List.of("timeout", "error", "length")) {
        assertThat(
                scrape.value(
                    "samovar_requests_finished_total{model=\"fake\",reason=\"" + reason + "\"}"))
            .as(reason)
            .isEqualTo(1);
      }
      assertThat(scrape.value("samovar_e2e_request_latency_seconds_count" + FAKE)).isEqualTo(3);
    }
  }

  @Test
  void metricsAreOpenUnlessTheyRequireAKey() throws Exception {
    AccessSettings keyed = new AccessSettings(List.of("k1"), false, List.of(), 1 << 20, 0, false);
    try (TestServer open = TestServer.ready(keyed)) {
      assertThat(open.get("/metrics").statusCode()).isEqualTo(200);
    }
    AccessSettings closed = new AccessSettings(List.of("k1"), true, List.of(), 1 << 20, 0, false);
    try (TestServer server = TestServer.ready(closed)) {
      assertThat(server.get("/metrics").statusCode()).isEqualTo(401);
      assertThat(
              server
                  .send(
                      HttpRequest.newBuilder(server.uri("/metrics"))
                          .header("Authorization", "Bearer k1")
                          .build())
                  .statusCode())
          .isEqualTo(200);
    }
  }

  /** The sample's value once it is positive (the engine reports after the client saw the end). */
  private static double awaitValue(TestServer server, String sample) throws Exception {
    long until = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    double value = Scrape.of(server).value(sample);
    while (value == 0 && System.nanoTime() - until < 0) {
      Thread.sleep(10);
      value = Scrape.of(server).value(sample);
    }
    return value;
  }
}
