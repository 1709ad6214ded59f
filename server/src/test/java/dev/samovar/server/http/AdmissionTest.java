package dev.samovar.server.http;

import static dev.samovar.server.http.RawStream.readUntil;
import static dev.samovar.server.http.TestServer.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.samovar.engine.FinishReason;
import dev.samovar.server.api.Json;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Admission: sequences plus a bounded queue, 429 beyond, places freed by departed clients. */
@Timeout(20)
class AdmissionTest {
  private static final String HI =
      "{\"model\":\"fake\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]";
  private static final String STREAM = HI + ",\"stream\":true}";
  private static final ServerSettings ONE_WAITING =
      ServerSettings.DEFAULTS.withQueueSize(1).withKeepAlive(Duration.ofMillis(20));

  @Test
  void refusesWith429AndRetryAfterOnceSequencesAndQueueAreTaken() throws Exception {
    try (TestServer server = TestServer.ready(ONE_WAITING)) {
      server.engine.script(new FakeEngine.Script.Endless(Duration.ZERO));
      try (Socket running = RawStream.open(server.port(), STREAM)) {
        readUntil(running, "tick");
        try (Socket waiting = RawStream.open(server.port(), STREAM)) {
          readUntil(waiting, "\"role\"");
          awaitSlots(server, "generating", 1);

          HttpResponse<String> refused = server.post("/v1/chat/completions", HI + "}");

          assertThat(refused.statusCode()).isEqualTo(429);
          assertThat(refused.headers().firstValue("Retry-After")).hasValue("1");
          assertThat(json(refused))
              .isEqualTo(
                  Json.MAPPER.readTree(
                      """
                      {"error":{"message":"The server is busy (1 generations running, 1 waiting, the most it holds). Retry after 1 second.",
                                "type":"requests","param":null,"code":"rate_limit_exceeded"}}
                      """));
          assertThat(server.post("/v1/completions", "{\"model\":\"fake\",\"prompt\":\"x\"}"))
              .extracting(HttpResponse::statusCode)
              .isEqualTo(429);
        }
      }
      server.engine.script(FakeEngine.Script.reply(FinishReason.STOP, "ok"));
      awaitSlots(server, "idle", 0);
      assertThat(server.post("/v1/chat/completions", HI + "}").statusCode()).isEqualTo(200);
    }
  }

  @Test
  void countsEveryChoiceOfARequest() throws Exception {
    try (TestServer server = TestServer.ready(ONE_WAITING)) {
      server.engine.script(new FakeEngine.Script.Endless(Duration.ZERO));
      try (Socket twoChoices = RawStream.open(server.port(), HI + ",\"stream\":true,\"n\":2}")) {
        readUntil(twoChoices, "tick");
        awaitSlots(server, "generating", 1);

        assertThat(server.post("/v1/chat/completions", HI + "}").statusCode()).isEqualTo(429);
      }
      server.engine.script(FakeEngine.Script.reply(FinishReason.STOP, "ok"));
      awaitSlots(server, "idle", 0);
      assertThat(server.post("/v1/chat/completions", HI + ",\"n\":2}").statusCode()).isEqualTo(200);
    }
  }

  @Test
  void aStreamThatLeavesWhileQueuedFreesItsPlaceAndNeverStarts() throws Exception {
    try (TestServer server = TestServer.ready(ONE_WAITING)) {
      server.engine.script(new FakeEngine.Script.Endless(Duration.ZERO));
      try (Socket running = RawStream.open(server.port(), STREAM)) {
        readUntil(running, "tick");
        try (Socket waiting = RawStream.open(server.port(), STREAM)) {
          readUntil(waiting, ": ping");
          awaitSlots(server, "generating", 1);
        }

        awaitSlots(server, "generating", 0);
        server.engine.script(FakeEngine.Script.reply(FinishReason.STOP, "ok"));
        try (Socket next = RawStream.open(server.port(), STREAM)) {
          assertThat(readUntil(next, ": ping")).startsWith("HTTP/1.1 200");
        }
        assertThat(server.engine.requests()).hasSize(3);
        assertThat(server.engine.started())
            .containsExactly(server.engine.requests().getFirst().id());
      }
    }
  }

  @Test
  void aStreamThatLeavesWhileQueuedIsSeenWithinASecondWithTheDefaultKeepAlive() throws Exception {
    ServerSettings defaultKeepAlive = ServerSettings.DEFAULTS.withQueueSize(1);
    assertThat(defaultKeepAlive.keepAlive()).isEqualTo(Duration.ofSeconds(10));
    try (TestServer server = TestServer.ready(defaultKeepAlive)) {
      server.engine.script(new FakeEngine.Script.Endless(Duration.ZERO));
      try (Socket running = RawStream.open(server.port(), STREAM)) {
        readUntil(running, "tick");
        try (Socket waiting = RawStream.open(server.port(), STREAM)) {
          readUntil(waiting, "\"role\"");
          awaitSlots(server, "generating", 1);
        }
        long left = System.nanoTime();
        awaitSlots(server, "generating", 0);
        assertThat(Duration.ofNanos(System.nanoTime() - left)).isLessThan(Duration.ofSeconds(2));
      }
      server.engine.script(FakeEngine.Script.reply(FinishReason.STOP, "ok"));
      awaitSlots(server, "idle", 0);
      assertThat(server.engine.started()).containsExactly(server.engine.requests().getFirst().id());
    }
  }

  @Test
  void aNonStreamingClientThatLeavesIsCancelledAndCounted() throws Exception {
    try (TestServer server = TestServer.ready()) {
      server.engine.script(new FakeEngine.Script.Endless(Duration.ZERO));
      try (Socket client = RawStream.open(server.port(), HI + "}")) {
        awaitSlots(server, "generating", 0);
      }

      assertThat(server.engine.awaitCancel(Duration.ofSeconds(3))).isTrue();
      awaitSlots(server, "idle", 0);
      assertThat(
              Scrape.once(
                      server,
                      "samovar_requests_finished_total{model=\"fake\",reason=\"cancelled\"}",
                      1)
                  .value("samovar_requests_finished_total{model=\"fake\",reason=\"cancelled\"}"))
          .isEqualTo(1);
      server.engine.script(FakeEngine.Script.reply(FinishReason.STOP, "ok"));
      assertThat(server.post("/v1/chat/completions", HI + "}").statusCode()).isEqualTo(200);
    }
  }

  /** Waits until the only slot is in {@code state} and {@code waiting} generations wait. */
  static void awaitSlots(TestServer server, String state, int waiting) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    JsonNode slots;
    do {
      slots = json(server.get("/slots"));
      if (slots.at("/slots/0/state").asText().equals(state)
          && slots.at("/queue/waiting").asInt() == waiting) {
        return;
      }
      Thread.sleep(5);
    } while (System.nanoTime() < deadline);
    assertThat(slots.toString()).as("slots").contains("\"state\":\"" + state + "\"");
    assertThat(slots.at("/queue/waiting").asInt()).as("waiting").isEqualTo(waiting);
  }
}
