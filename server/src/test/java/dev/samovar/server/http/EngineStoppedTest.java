package dev.samovar.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.samovar.engine.EngineStoppedException;
import dev.samovar.server.api.Json;
import dev.samovar.server.ops.EngineWatch;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** An engine whose thread stopped on an error: /ready, /metrics, requests and the process watch. */
class EngineStoppedTest {
  private static final String REASON = "the engine stopped: OutOfMemoryError: injected";

  @Test
  void readyAnswers503WithTheReasonAndMetricsShowIt() throws Exception {
    try (TestServer server = TestServer.ready()) {
      assertThat(server.get("/ready").statusCode()).isEqualTo(200);
      assertThat(Scrape.of(server).value("samovar_engine_up{model=\"fake\"}")).isEqualTo(1);

      server.engine.stop(new OutOfMemoryError("injected"));

      HttpResponse<String> ready = server.get("/ready");
      assertThat(ready.statusCode()).isEqualTo(503);
      JsonNode error = Json.MAPPER.readTree(ready.body()).get("error");
      assertThat(error.get("message").asText()).isEqualTo(REASON);
      assertThat(error.get("type").asText()).isEqualTo("server_error");
      assertThat(server.get("/health").statusCode()).as("the process still runs").isEqualTo(200);
      assertThat(Scrape.of(server).value("samovar_engine_up{model=\"fake\"}")).isZero();

      HttpResponse<String> chat =
          server.post(
              "/v1/chat/completions",
              "{\"model\":\"fake\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
      assertThat(chat.statusCode()).isEqualTo(503);
      assertThat(Json.MAPPER.readTree(chat.body()).at("/error/message").asText()).isEqualTo(REASON);
    }
  }

  @Test
  void theWatchReportsTheStopOnce() throws Exception {
    FakeEngine engine = new FakeEngine(1);
    CompletableFuture<EngineStoppedException> reported = new CompletableFuture<>();
    Thread watch = EngineWatch.start(engine, Duration.ofMillis(20), reported::complete);

    Thread.sleep(100);
    assertThat(reported).isNotDone();
    engine.stop(new StackOverflowError("injected"));

    assertThat(reported.get(5, TimeUnit.SECONDS).getMessage())
        .isEqualTo("the engine stopped: StackOverflowError: injected");
    watch.join(5_000);
    assertThat(watch.isAlive()).as("ends after reporting").isFalse();
  }

  @Test
  void interruptingTheWatchEndsIt() throws Exception {
    Thread watch = EngineWatch.start(new FakeEngine(1), Duration.ofSeconds(10), stopped -> {});
    watch.interrupt();
    watch.join(5_000);
    assertThat(watch.isAlive()).isFalse();
  }
}
