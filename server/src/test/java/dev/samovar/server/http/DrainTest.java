package dev.samovar.server.http;

import static dev.samovar.server.http.TestServer.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.samovar.server.api.Json;
import java.net.Socket;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class DrainTest {
  private static final String CHAT =
      "{\"model\":\"fake\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]";

  @Test
  void refusesNewGenerationsThenCancelsWhatOutlivesTheGrace() throws Exception {
    try (TestServer server = TestServer.ready()) {
      server.engine.script(new FakeEngine.Script.Endless(Duration.ZERO));
      try (Socket socket = RawStream.open(server.port(), CHAT + ",\"stream\":true}")) {
        RawStream.readUntil(socket, "tick");
        assertThat(server.ops.drain().running()).isEqualTo(1);

        assertThat(server.ops.drain().drain(Duration.ofMillis(100))).isFalse();
        var refused = server.post("/v1/chat/completions", CHAT + "}");
        assertThat(refused.statusCode()).isEqualTo(503);
        assertThat(json(refused))
            .isEqualTo(
                Json.MAPPER.readTree(
                    "{\"error\":{\"message\":\"The server is shutting down.\","
                        + "\"type\":\"server_error\",\"param\":null,\"code\":null}}"));
        assertThat(server.get("/health").statusCode()).isEqualTo(200);

        assertThat(server.ops.drain().cancelAll(Duration.ofSeconds(5))).isTrue();
        String rest = RawStream.readUntil(socket, "\"code\"");
        assertThat(rest).contains("The generation was cancelled.").doesNotContain("[DONE]");
      }
      assertThat(server.ops.drain().running()).isZero();
    }
  }

  @Test
  void drainsOnceTheLastAnswerHasEnded() throws Exception {
    try (TestServer server = TestServer.ready()) {
      assertThat(server.post("/v1/chat/completions", CHAT + "}").statusCode()).isEqualTo(200);

      // The client may read the whole answer a moment before the handler unregisters it.
      assertThat(server.ops.drain().drain(Duration.ofSeconds(5))).isTrue();
      assertThat(server.ops.drain().running()).isZero();
    }
  }
}
