package dev.samovar.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
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
 * {@code samovar serve --model tiny} as a child process on a free port of 127.0.0.1, ready (model
 * loaded) once constructed: the real server for the integration tests of other modules. It runs on
 * the test's own class path, so a module that uses it declares {@code samovar-server} as a test
 * dependency (and Maven builds the server first).
 */
public final class ServerProcess implements AutoCloseable {
  private static final String ROOT_COMMAND = "dev.samovar.cli.Samovar";
  private static final String SERVER_COMMANDS = "dev.samovar.server.cli.ServerCommands";

  private final Process process;
  private final String baseUrl;

  /**
   * Starts the server with {@code parallel} sequences, its output and model cache in {@code dir},
   * and waits until it has loaded the model.
   */
  public ServerProcess(Path dir, int parallel) throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = socket.getLocalPort();
    }
    Path err = dir.resolve("server.err");
    ProcessBuilder builder =
        new ProcessBuilder(
                java(),
                "--enable-native-access=ALL-UNNAMED",
                "-cp",
                classPath(),
                ROOT_COMMAND,
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
    try {
      awaitReady(port, err);
    } catch (Exception | AssertionError e) {
      process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
      throw e;
    }
  }

  private void awaitReady(int port, Path err) throws IOException, InterruptedException {
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
        } catch (IOException notListeningYet) {
          // the JVM is still starting, or the server is starting its listener
        }
        Thread.sleep(100);
      }
    }
  }

  /** The OpenAI base URL, {@code http://127.0.0.1:PORT/v1}. */
  public String baseUrl() {
    return baseUrl;
  }

  /** The java launcher of this JVM (a JDK 25). */
  public static String java() {
    return ProcessHandle.current().info().command().orElseThrow();
  }

  /** This JVM's class path, checked to hold the server's commands. */
  private static String classPath() {
    try {
      Class.forName(SERVER_COMMANDS);
    } catch (ClassNotFoundException e) {
      throw new AssertionError(
          "the server is not on the test class path: declare dev.samovar:samovar-server as a test"
              + " dependency of this module",
          e);
    }
    return System.getProperty("java.class.path");
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      process.destroyForcibly();
    }
  }
}
