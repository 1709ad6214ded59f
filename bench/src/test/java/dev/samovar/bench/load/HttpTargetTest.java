package dev.samovar.bench.load;

import static org.assertj.core.api.Assertions.assertThat;

import dev.samovar.bench.openai.Endpoint;
import dev.samovar.bench.openai.Message;
import java.io.OutputStream;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The streaming client against a scripted local server: timelines, usage and every failure. */
@Timeout(60)
class HttpTargetTest {
  private static final LoadRequest REQUEST =
      new LoadRequest(List.of(Message.user("привет")), 3, true, 0.0);

  private static Outcome send(StreamingServer server, Duration timeout, LoadRequest request)
      throws Exception {
    try (HttpTarget target =
        new HttpTarget(Endpoint.of(server.baseUrl(), Optional.of("secret")), "scripted", timeout)) {
      return target.send(request);
    }
  }

  private static Outcome send(StreamingServer server) throws Exception {
    return send(server, Duration.ofSeconds(30), REQUEST);
  }

  @Test
  void timestampsEachContentChunkAndTakesTheTokenCountsFromUsage() throws Exception {
    try (StreamingServer server =
        new StreamingServer(
            (exchange, body, n) ->
                StreamingServer.stream(exchange, 40, 17, 3, "Да", " это", " чай"))) {
      Outcome.Completed done = (Outcome.Completed) send(server);

      assertThat(done.contentNanos()).hasSize(3);
      assertThat(done.inputTokens()).hasValue(17);
      assertThat(done.outputTokens()).isEqualTo(3);
      assertThat(done.counted()).isTrue();
      // The server pauses 40 ms before each chunk: lower bounds only, the machine may be slow.
      assertThat(done.ttftMs()).isGreaterThanOrEqualTo(40);
      assertThat(done.e2eMs()).isGreaterThanOrEqualTo(120).isGreaterThanOrEqualTo(done.ttftMs());
      assertThat(done.itlMs()).hasSize(2);
      assertThat(Arrays.stream(done.itlMs()).min().orElseThrow()).isNotNegative();
      assertThat(done.tpotMs()).isPresent();

      StreamingServer.Call call = server.calls().getFirst();
      assertThat(call.authorization()).isEqualTo("Bearer secret");
      assertThat(call.body().toString())
          .isEqualTo(
              "{\"model\":\"scripted\",\"messages\":[{\"role\":\"user\",\"content\":\"привет\"}],"
                  + "\"stream\":true,\"stream_options\":{\"include_usage\":true},"
                  + "\"max_tokens\":3,\"temperature\":0.0,\"ignore_eos\":true}");
    }
  }

  @Test
  void leavesIgnoreEosOutWhenNotAskedAndCountsChunksWithoutUsage() throws Exception {
    try (StreamingServer server =
        new StreamingServer(
            (exchange, body, n) -> StreamingServer.stream(exchange, 0, -1, 0, "a", "b"))) {
      Outcome.Completed done =
          (Outcome.Completed)
              send(
                  server,
                  Duration.ofSeconds(30),
                  new LoadRequest(List.of(Message.user("x")), 5, false, 0.7));

      assertThat(done.outputTokens()).isEqualTo(2);
      assertThat(done.counted()).isFalse();
      assertThat(done.inputTokens()).isEmpty();
      assertThat(server.calls().getFirst().body().has("ignore_eos")).isFalse();
      assertThat(server.calls().getFirst().body().get("temperature").doubleValue()).isEqualTo(0.7);
    }
  }

  @Test
  void anHttpErrorIsAnErrorOfItsStatus() throws Exception {
    try (StreamingServer server =
        new StreamingServer(
            (exchange, body, n) -> StreamingServer.error(exchange, n == 1 ? 500 : 429, "busy"))) {
      assertThat(send(server)).isEqualTo(new Outcome.Failed("HTTP 500", "HTTP 500: busy"));
      assertThat(send(server)).isEqualTo(new Outcome.Failed("HTTP 429", "HTTP 429: busy"));
    }
  }

  @Test
  void aRejectedIgnoreEosSaysWhatToDo() throws Exception {
    try (StreamingServer server =
        new StreamingServer(
            (exchange, body, n) ->
                StreamingServer.error(
                    exchange, 400, "Unrecognized request argument: ignore_eos"))) {
      assertThat(send(server))
          .isEqualTo(
              new Outcome.Failed(
                  "HTTP 400",
                  "HTTP 400: Unrecognized request argument: ignore_eos (the endpoint rejects"
                      + " ignore_eos: run with --no-ignore-eos)"));
    }
  }

  @Test
  void anErrorEventInTheStreamIsAnError() throws Exception {
    try (StreamingServer server =
        new StreamingServer(
            (exchange, body, n) -> {
              OutputStream out = StreamingServer.open(exchange);
              StreamingServer.event(out, StreamingServer.content("Да"));
              StreamingServer.event(out, "{\"error\":{\"message\":\"engine failed\"}}");
            })) {
      assertThat(send(server))
          .isEqualTo(new Outcome.Failed("error event", "the stream sent an error: engine failed"));
    }
  }

  @Test
  void aStreamThatEndsBeforeDoneIsBroken() throws Exception {
    try (StreamingServer server =
        new StreamingServer(
            (exchange, body, n) -> {
              OutputStream out = StreamingServer.open(exchange);
              StreamingServer.event(out, StreamingServer.content("Да"));
            })) {
      assertThat(send(server))
          .isEqualTo(
              new Outcome.Failed(
                  "broken stream", "the stream ended before data: [DONE] after 1 content chunk"));
    }
  }

  @Test
  void aStreamThatStallsTimesOutInsteadOfHanging() throws Exception {
    try (StreamingServer server =
        new StreamingServer(
            (exchange, body, n) -> {
              OutputStream out = StreamingServer.open(exchange);
              StreamingServer.event(out, StreamingServer.content("Да"));
              Thread.sleep(120_000);
            })) {
      Outcome outcome = send(server, Duration.ofMillis(300), REQUEST);

      assertThat(outcome)
          .isEqualTo(
              new Outcome.Failed(
                  "timeout",
                  "no end of the stream from "
                      + server.baseUrl()
                      + "/chat/completions within PT0.3S"));
    }
  }

  @Test
  void headersThatNeverComeTimeOutToo() throws Exception {
    try (StreamingServer server =
        new StreamingServer((exchange, body, n) -> Thread.sleep(120_000))) {
      assertThat(send(server, Duration.ofMillis(300), REQUEST))
          .isInstanceOfSatisfying(
              Outcome.Failed.class, failed -> assertThat(failed.kind()).isEqualTo("timeout"));
    }
  }

  @Test
  void anEndpointNobodyListensOnIsAConnectionFailure() throws Exception {
    int port;
    try (StreamingServer server = new StreamingServer((exchange, body, n) -> {})) {
      port = Integer.parseInt(server.baseUrl().replaceAll(".*:(\\d+)/v1", "$1"));
    }
    try (HttpTarget target =
        new HttpTarget(
            Endpoint.of("http://127.0.0.1:" + port + "/v1", Optional.empty()),
            "m",
            Duration.ofSeconds(30))) {
      assertThat(target.send(REQUEST))
          .isInstanceOfSatisfying(
              Outcome.Failed.class,
              failed -> assertThat(failed.kind()).isEqualTo("connection failed"));
    }
  }
}
