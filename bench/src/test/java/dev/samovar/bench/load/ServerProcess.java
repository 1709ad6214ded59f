package dev.samovar.bench.load;

import static org.assertj.core.api.Assertions.assertThat;

import dev.samovar.bench.testing.Jars;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

/**
 * {@code samovar-server.jar serve --model tiny} as a child process on a free port of 127.0.0.1,
 * ready (model loaded) once constructed.
 */
final class ServerProcess implements AutoCloseable {
  private final Process process;
  private final String baseUrl;

  ServerProcess(Path dir, int parallel) throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = socket.getLocalPort();
    }
    Path err = dir.resolve("server.err");
    ProcessBuilder builder =
        new ProcessBuilder(
                Jars.java(),
                "-jar",
                Jars.server().toString(),
                "serve",
                "--model",
                "tiny",
                "--port",
                String.valueOf(port),
                "--threads",
                "1",
                "--parallel",
                String.valueOf(parallel))
            .redirectOutput(dir.resolve("server.out").toFile())
            .redirectError(err.toFile());
    builder.environment().put("XDG_CACHE_HOME", dir.resolve("cache").toString());
    process = builder.start();
    baseUrl = "http://127.0.0.1:" + port + "/v1";
    try (HttpClient http = HttpClient.newHttpClient()) {
      Instant deadline = Instant.now().plus(Duration.ofSeconds(120));
      while (true) {
        assertThat(process.isAlive())
            .as("samovar serve ended early: %s", Files.readString(err))
            .isTrue();
        assertThat(Instant.now()).as("samovar serve was not ready in 120 s").isBefore(deadline);
        try {
          HttpResponse<String> ready =
              http.send(
                  HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/ready")).build(),
                  HttpResponse.BodyHandlers.ofString());
          if (ready.statusCode() == 200) {
            return;
          }
        } catch (ConnectException notYetListening) {
          // the JVM is still starting
        } catch (IOException e) {
          // the server is starting its listener
        }
        Thread.sleep(100);
      }
    }
  }

  /** The base URL to pass as --endpoint. */
  String baseUrl() {
    return baseUrl;
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      process.destroyForcibly();
    }
  }
}
