package dev.samovar.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.samovar.server.ops.AccessSettings;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class AccessLogTest {
  private static final String CHAT =
      "{\"model\":\"fake\",\"messages\":[{\"role\":\"user\",\"content\":\"Секрет\"}]}";
  private final Logger logger = (Logger) LoggerFactory.getLogger("samovar.access");
  private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

  @BeforeEach
  void attach() {
    appender.start();
    logger.addAppender(appender);
    logger.setLevel(Level.INFO);
    logger.setAdditive(false);
  }

  @AfterEach
  void detach() {
    logger.detachAppender(appender);
    logger.setLevel(null);
    logger.setAdditive(true);
  }

  private static Map<String, Object> fields(ILoggingEvent event) {
    return event.getKeyValuePairs().stream()
        .collect(Collectors.toMap(pair -> pair.key, pair -> pair.value));
  }

  /** The line of a request; Javalin logs it right after the answer is sent. */
  private ILoggingEvent lineFor(String requestId) throws InterruptedException {
    long until = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    while (true) {
      for (ILoggingEvent event : List.copyOf(appender.list)) {
        if (requestId.equals(fields(event).get("request_id"))) {
          return event;
        }
      }
      assertThat(System.nanoTime() - until).as("no access-log line for " + requestId).isNegative();
      Thread.sleep(10);
    }
  }

  @Test
  void logsOneLinePerRequestWithoutPromptsByDefault() throws Exception {
    try (TestServer server = TestServer.ready()) {
      var response = server.post("/v1/chat/completions", CHAT);
      String id = response.headers().firstValue("X-Request-Id").orElseThrow();
      int prompt = TestServer.json(response).at("/usage/prompt_tokens").asInt();
      String missing = server.get("/nope").headers().firstValue("X-Request-Id").orElseThrow();

      ILoggingEvent line = lineFor(id);
      Map<String, Object> fields = fields(line);
      assertThat(line.getFormattedMessage()).isEqualTo("POST /v1/chat/completions 200");
      assertThat(fields)
          .containsEntry("method", "POST")
          .containsEntry("route", "/v1/chat/completions")
          .containsEntry("status", 200)
          .containsEntry("prompt_tokens", (long) prompt)
          .containsEntry("completion_tokens", 4L)
          .containsKeys("ttft_ms", "duration_ms")
          .doesNotContainKeys("prompt", "output");
      assertThat((long) fields.get("ttft_ms")).isBetween(0L, (long) fields.get("duration_ms"));
      assertThat(fields(lineFor(missing)))
          .containsEntry("route", "unmatched")
          .containsEntry("status", 404);
      assertThat(appender.list).hasSize(2);
    }
  }

  @Test
  void logsPromptAndOutputWhenAllowed() throws Exception {
    AccessSettings logPrompts = new AccessSettings(List.of(), false, List.of(), 1 << 20, 0, true);
    try (TestServer server = TestServer.ready(logPrompts)) {
      var response = server.post("/v1/chat/completions", CHAT);
      String id = response.headers().firstValue("X-Request-Id").orElseThrow();

      Map<String, Object> fields = fields(lineFor(id));
      assertThat(fields).containsEntry("prompt", CHAT).containsEntry("output", "Hello wörld");
    }
  }
}
