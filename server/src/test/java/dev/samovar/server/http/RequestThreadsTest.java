package dev.samovar.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.junit.jupiter.api.Test;

class RequestThreadsTest {
  @Test
  void streamsAreAnsweredOnPlatformThreadsOfAPoolSizedBySettings() throws Exception {
    ServerSettings settings =
        new ServerSettings(0.6, 0.9, Duration.ofSeconds(10), Duration.ofSeconds(60), 4, 12);
    try (TestServer server = TestServer.ready(settings)) {
      var response =
          server.post(
              "/v1/chat/completions",
              """
              {"model":"fake","stream":true,"messages":[{"role":"user","content":"hi"}]}
              """);

      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(response.body()).endsWith("data: [DONE]\n\n");
      assertThat(server.engine.submitters())
          .singleElement()
          .satisfies(
              thread -> {
                assertThat(thread.isVirtual()).isFalse();
                assertThat(thread.getName()).startsWith("samovar-http");
              });
      assertThat(server.threadPool())
          .isInstanceOfSatisfying(
              QueuedThreadPool.class, pool -> assertThat(pool.getMaxThreads()).isEqualTo(12 + 8));
    }
  }
}
