package dev.samovar.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.samovar.cli.Samovar;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HealthCommandTest {

  private static int run(Map<String, String> env, StringWriter err, String... args) {
    return Samovar.execute(
        env, new PrintWriter(new StringWriter(), true), new PrintWriter(err, true), args);
  }

  @Test
  void exitsWithZeroWhenReadyAndOneOtherwise() throws Exception {
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    int[] status = {503};
    server.createContext(
        "/ready",
        exchange -> {
          exchange.sendResponseHeaders(status[0], -1);
          exchange.close();
        });
    server.start();
    try {
      Map<String, String> env =
          Map.of("SAMOVAR_PORT", String.valueOf(server.getAddress().getPort()));
      StringWriter loading = new StringWriter();

      assertThat(run(env, loading, "health")).isEqualTo(1);
      assertThat(loading.toString()).isEqualTo("not ready: HTTP 503" + System.lineSeparator());
      status[0] = 200;
      assertThat(run(env, new StringWriter(), "health")).isZero();
    } finally {
      server.stop(0);
    }
  }

  @Test
  void exitsWithOneWhenNothingListens() throws Exception {
    StringWriter err = new StringWriter();

    int exitCode = run(Map.of(), err, "health", "--url", "http://127.0.0.1:1/ready");

    assertThat(exitCode).isEqualTo(1);
    assertThat(err.toString()).startsWith("not ready: http://127.0.0.1:1/ready: ");
  }
}
