package dev.samovar.server.http;

import static dev.samovar.server.http.RawStream.readUntil;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.openai.errors.RateLimitException;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import dev.samovar.models.tiny.TinyModel;
import dev.samovar.server.api.Json;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Admission, 429 and departed clients on the real engine: 2 sequences and 2 queue places, a 50 ms
 * keep-alive interval.
 */
@Timeout(120)
class LoadIT {
  private static final int PARALLEL = 2;
  private static final int QUEUE = 2;

  @TempDir static Path dir;
  private static TinyServer server;

  @BeforeAll
  static void start() {
    server =
        TinyServer.start(
            dir,
            PARALLEL,
            8192,
            ServerSettings.DEFAULTS.withQueueSize(QUEUE).withKeepAlive(Duration.ofMillis(50)));
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
  }

  /** A streaming chat request that generates {@code tokens} tokens, end-of-text ignored. */
  private static String stream(int tokens, int seed) {
    return "{\"model\":\"tiny\",\"stream\":true,\"stream_options\":{\"include_usage\":true},"
        + "\"ignore_eos\":true,\"temperature\":1.0,\"seed\":"
        + seed
        + ",\"max_tokens\":"
        + tokens
        + ",\"messages\":[{\"role\":\"user\",\"content\":\"Привет\"}]}";
  }

  @Test
  void givesEveryRequestOfABurstACompleteStreamOrA429() throws Exception {
    int requests = 4 * (PARALLEL + QUEUE);
    List<CompletableFuture<HttpResponse<String>>> responses = new ArrayList<>();
    try (HttpClient http = HttpClient.newHttpClient()) {
      for (int i = 0; i < requests; i++) {
        responses.add(
            http.sendAsync(
                HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + server.port() + "/v1/chat/completions"))
                    .POST(HttpRequest.BodyPublishers.ofString(stream(256, i)))
                    .build(),
                HttpResponse.BodyHandlers.ofString()));
      }
      int complete = 0;
      int refused = 0;
      for (CompletableFuture<HttpResponse<String>> future : responses) {
        HttpResponse<String> response = future.get(60, TimeUnit.SECONDS);
        if (response.statusCode() == 429) {
          refused++;
          assertThat(response.headers().firstValue("Retry-After")).hasValue("1");
          assertThat(Json.MAPPER.readTree(response.body()).at("/error/code").asText())
              .isEqualTo("rate_limit_exceeded");
        } else {
          complete++;
          assertComplete(response, 256);
        }
      }
      assertThat(complete + refused).isEqualTo(requests);
      assertThat(complete).isGreaterThanOrEqualTo(PARALLEL + QUEUE);
      assertThat(refused).isPositive();
    }

    JsonNode slots = server.awaitIdle(Duration.ofSeconds(5));
    assertThat(slots.at("/queue/capacity").asInt()).isEqualTo(QUEUE);
    assertComplete(server.post("/v1/chat/completions", stream(8, 99)), 8);
  }

  /** A 200 stream that ended with a length finish, its usage and [DONE]. */
  private static void assertComplete(HttpResponse<String> response, int tokens) throws Exception {
    assertThat(response.statusCode()).isEqualTo(200);
    String body = response.body().replace(": ping\n\n", "");
    assertThat(body).endsWith("data: [DONE]\n\n").contains("\"finish_reason\":\"length\"");
    String[] events = body.split("\n\n");
    JsonNode usage = Json.MAPPER.readTree(events[events.length - 2].substring("data: ".length()));
    assertThat(usage.at("/usage/completion_tokens").asInt()).isEqualTo(tokens);
  }

  @Test
  void refusesWithRetryAfterThatTheSdkHonours() throws Exception {
    List<Socket> blockers = new ArrayList<>();
    try {
      for (int i = 0; i < PARALLEL + QUEUE; i++) {
        // Long enough to outlast the SDK's first use in a cold JVM, which takes seconds.
        Socket socket = RawStream.open(server.port(), stream(8000, i));
        blockers.add(socket);
        readUntil(socket, "\"role\"");
      }
      awaitBusy(PARALLEL, QUEUE);

      HttpResponse<String> raw = server.post("/v1/chat/completions", stream(8, 0));
      assertThat(raw.statusCode()).isEqualTo(429);
      assertThat(raw.headers().firstValue("Retry-After")).hasValue("1");
      assertThat(Json.MAPPER.readTree(raw.body()).get("error"))
          .isEqualTo(
              Json.MAPPER.readTree(
                  "{\"message\":\"The server is busy (2 generations running, 2 waiting, the most"
                      + " it holds). Retry after 1 second.\",\"type\":\"requests\",\"param\":null,"
                      + "\"code\":\"rate_limit_exceeded\"}"));
      ChatCompletionCreateParams request =
          ChatCompletionCreateParams.builder()
              .model(TinyModel.MODEL_ID)
              .addUserMessage("Привет")
              .maxCompletionTokens(4)
              .build();
      assertThatThrownBy(() -> server.client(0).chat().completions().create(request))
          .isInstanceOfSatisfying(
              RateLimitException.class,
              e -> {
                assertThat(e.statusCode()).isEqualTo(429);
                assertThat(e.code()).contains("rate_limit_exceeded");
                assertThat(e.headers().values("Retry-After")).containsExactly("1");
              });

      long start = System.nanoTime();
      CompletableFuture<ChatCompletion> retried =
          CompletableFuture.supplyAsync(
              () -> server.client(4).chat().completions().create(request));
      Thread.sleep(1200);
      for (Socket blocker : blockers) {
        blocker.close();
      }
      ChatCompletion completion = retried.get(30, TimeUnit.SECONDS);

      assertThat(completion.choices().getFirst().message().content()).isPresent();
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThan(Duration.ofSeconds(1));
    } finally {
      for (Socket blocker : blockers) {
        blocker.close();
      }
    }
    server.awaitIdle(Duration.ofSeconds(5));
  }

  @Test
  void freesTheSequenceOfAClientThatLeavesMidStream() throws Exception {
    try (Socket client = RawStream.open(server.port(), stream(2000, 1))) {
      readUntil(client, "\"content\":\"");
      awaitBusy(1, 0);
    }

    server.awaitIdle(Duration.ofSeconds(2));
  }

  @Test
  void dropsAQueuedClientThatLeavesWithoutEverStartingIt() throws Exception {
    try (Socket first = RawStream.open(server.port(), stream(2000, 1));
        Socket second = RawStream.open(server.port(), stream(2000, 2))) {
      readUntil(first, "\"content\":\"");
      readUntil(second, "\"content\":\"");
      try (Socket queued = RawStream.open(server.port(), stream(2000, 3))) {
        readUntil(queued, ": ping");
        awaitBusy(PARALLEL, 1);
      }

      JsonNode slots = awaitBusy(PARALLEL, 0);
      assertThat(slots.get("slots").findValuesAsText("request_id")).hasSize(PARALLEL);
    }

    server.awaitIdle(Duration.ofSeconds(2));
  }

  /** Polls until {@code generating} sequences generate and {@code waiting} wait, or fails. */
  private static JsonNode awaitBusy(int generating, int waiting) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    JsonNode slots;
    do {
      slots = server.get("/slots");
      long busy =
          slots.get("slots").findValuesAsText("state").stream()
              .filter(state -> !state.equals("idle"))
              .count();
      if (busy == generating && slots.at("/queue/waiting").asInt() == waiting) {
        return slots;
      }
      Thread.sleep(10);
    } while (System.nanoTime() < deadline);
    throw new AssertionError(
        "expected " + generating + " busy and " + waiting + " waiting: " + slots);
  }
}
