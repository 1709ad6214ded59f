package dev.samovar.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.samovar.testkit.FakeOpenAi;
import dev.samovar.testkit.FakeOpenAi.Reply;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class ChatClientTest {
  private static final ChatRequest REQUEST =
      new ChatRequest("tiny", List.of(Message.system("be brief"), Message.user("Привет")), 0.7, 16);
  private final List<String> retries = new ArrayList<>();

  private ChatClient client(FakeOpenAi server, int attempts, Duration pause, Optional<String> key) {
    return new ChatClient(Endpoint.of(server.baseUrl(), key), new RetryPolicy(attempts, pause));
  }

  private String complete(ChatClient client) throws Exception {
    return client.complete(
        REQUEST,
        (failure, next, attempts, delay) ->
            retries.add(
                failure + " | " + next + "/" + attempts + " in " + delay.toMillis() + " ms"));
  }

  @Test
  void postsTheRequestAndReturnsTheMessageContent() throws Exception {
    try (FakeOpenAi server = new FakeOpenAi((body, n) -> Reply.content("Здравствуйте!"));
        ChatClient client = client(server, 3, Duration.ZERO, Optional.of("sk-test"))) {

      assertThat(complete(client)).isEqualTo("Здравствуйте!");

      FakeOpenAi.Call call = server.calls().getFirst();
      assertThat(Json.line(call.body()))
          .isEqualTo(
              "{\"model\":\"tiny\",\"messages\":[{\"role\":\"system\",\"content\":\"be brief\"},"
                  + "{\"role\":\"user\",\"content\":\"Привет\"}],\"n\":1,\"temperature\":0.7,"
                  + "\"max_tokens\":16}");
      assertThat(call.headers())
          .containsEntry("authorization", "Bearer sk-test")
          .containsEntry("content-type", "application/json");
      assertThat(retries).isEmpty();
    }
  }

  @Test
  void returnsTheFinishReasonAndUsageWithTheContent() throws Exception {
    try (FakeOpenAi server =
            new FakeOpenAi(
                (body, n) ->
                    n == 1 ? Reply.content("Здрав", "length", 12, 16) : Reply.content("ok"));
        ChatClient client = client(server, 1, Duration.ZERO, Optional.empty())) {
      assertThat(client.chat(REQUEST, (failure, next, attempts, delay) -> {}))
          .isEqualTo(
              new ChatCompletion("Здрав", Optional.of("length"), Optional.of(new Usage(12, 16))));
      ChatCompletion withoutUsage = client.chat(REQUEST, (failure, next, attempts, delay) -> {});
      assertThat(withoutUsage)
          .isEqualTo(new ChatCompletion("ok", Optional.of("stop"), Optional.empty()));
      assertThat(withoutUsage.truncated()).isFalse();
    }
  }

  @Test
  void sendsNoAuthorizationWithoutAKey() throws Exception {
    try (FakeOpenAi server = new FakeOpenAi((body, n) -> Reply.content("ok"));
        ChatClient client = client(server, 1, Duration.ZERO, Optional.empty())) {
      complete(client);
      assertThat(server.calls().getFirst().headers()).doesNotContainKey("authorization");
    }
  }

  @Test
  void triesAgainAfterServerErrorsAndHonoursRetryAfter() throws Exception {
    try (FakeOpenAi server =
            new FakeOpenAi(
                (body, n) ->
                    switch (n) {
                      case 1 -> Reply.error(500, "boom");
                      case 2 -> Reply.error(429, "slow down").withHeader("Retry-After", "1");
                      case 3 -> Reply.error(503, "busy").withHeader("retry-after-ms", "300");
                      default -> Reply.content("finally");
                    });
        ChatClient client = client(server, 5, Duration.ofMillis(50), Optional.empty())) {

      assertThat(complete(client)).isEqualTo("finally");

      List<FakeOpenAi.Call> calls = server.calls();
      assertThat(calls).hasSize(4);
      assertThat(Duration.between(calls.get(1).at(), calls.get(2).at()))
          .isGreaterThanOrEqualTo(Duration.ofSeconds(1));
      assertThat(Duration.between(calls.get(2).at(), calls.get(3).at()))
          .isGreaterThanOrEqualTo(Duration.ofMillis(300));
      String url = server.baseUrl() + "/chat/completions";
      assertThat(retries)
          .containsExactly(
              "HTTP 500 from " + url + ": boom | 2/5 in 50 ms",
              "HTTP 429 from " + url + ": slow down | 3/5 in 1000 ms",
              "HTTP 503 from " + url + ": busy | 4/5 in 300 ms");
    }
  }

  @Test
  void givesUpAfterTheLastTry() throws Exception {
    try (FakeOpenAi server = new FakeOpenAi((body, n) -> Reply.error(500, "down"));
        ChatClient client = client(server, 3, Duration.ZERO, Optional.empty())) {

      assertThatThrownBy(() -> complete(client))
          .isInstanceOf(ChatCallException.class)
          .hasMessage(
              "HTTP 500 from " + server.baseUrl() + "/chat/completions: down (tried 3 times)")
          .satisfies(e -> assertThat(((ChatCallException) e).fatal()).isFalse());
      assertThat(server.calls()).hasSize(3);
    }
  }

  @Test
  void aBadRequestFailsAtOnce() throws Exception {
    try (FakeOpenAi server =
            new FakeOpenAi(
                (body, n) ->
                    Reply.error(400, "This model's maximum context length is 8192 tokens"));
        ChatClient client = client(server, 16, Duration.ofSeconds(10), Optional.empty())) {

      assertThatThrownBy(() -> complete(client))
          .isInstanceOf(ChatCallException.class)
          .hasMessage(
              "HTTP 400 from "
                  + server.baseUrl()
                  + "/chat/completions: This model's maximum context length is 8192 tokens")
          .satisfies(e -> assertThat(((ChatCallException) e).fatal()).isFalse());
      assertThat(server.calls()).hasSize(1);
    }
  }

  @Test
  void aWrongKeyOrModelIsFatal() throws Exception {
    for (int status : new int[] {401, 403, 404}) {
      try (FakeOpenAi server = new FakeOpenAi((body, n) -> Reply.error(status, "no"));
          ChatClient client = client(server, 16, Duration.ofSeconds(10), Optional.empty())) {
        assertThatThrownBy(() -> complete(client))
            .isInstanceOf(ChatCallException.class)
            .satisfies(e -> assertThat(((ChatCallException) e).fatal()).isTrue());
        assertThat(server.calls()).hasSize(1);
      }
    }
  }

  @Test
  void anAnswerWithoutAMessageIsTriedAgain() throws Exception {
    try (FakeOpenAi server =
            new FakeOpenAi(
                (body, n) ->
                    n == 1
                        ? new Reply(200, java.util.Map.of(), "{\"choices\":[]}")
                        : Reply.content("ok"));
        ChatClient client = client(server, 2, Duration.ZERO, Optional.empty())) {

      assertThat(complete(client)).isEqualTo("ok");
      assertThat(retries)
          .containsExactly(
              "the answer from "
                  + server.baseUrl()
                  + "/chat/completions has no choices[0].message.content: {\"choices\":[]} | 2/2 in 0 ms");
    }
  }

  @Test
  void anUnreachableEndpointIsTriedAgainThenFails() {
    try (ChatClient client =
        new ChatClient(
            Endpoint.of("http://127.0.0.1:1/v1", Optional.empty()),
            new RetryPolicy(2, Duration.ZERO))) {
      assertThatThrownBy(() -> complete(client))
          .isInstanceOf(ChatCallException.class)
          .hasMessageStartingWith("cannot reach http://127.0.0.1:1/v1/chat/completions: ")
          .hasMessageEndingWith(" (tried 2 times)");
      assertThat(retries).hasSize(1);
    }
  }
}
