package dev.samovar.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.samovar.server.api.Json;
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
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code samovar serve} as its own process: what a user runs. */
@Timeout(120)
class ServeProcessIT {
  @TempDir Path dir;
  private final HttpClient client = HttpClient.newHttpClient();
  private Process process;

  @AfterEach
  void end() {
    if (process != null) {
      process.destroyForcibly();
    }
    client.close();
  }

  private Process serve(String... args) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(ProcessHandle.current().info().command().orElseThrow());
    command.add("--enable-native-access=ALL-UNNAMED");
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(Main.class.getName());
    command.add("serve");
    command.addAll(List.of(args));
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .redirectOutput(dir.resolve("out.txt").toFile())
            .redirectError(dir.resolve("err.txt").toFile());
    builder.environment().put("XDG_CACHE_HOME", dir.resolve("cache").toString());
    process = builder.start();
    return process;
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  private HttpResponse<String> get(int port, String path) throws Exception {
    return client.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** Polls /health until it answers 200, failing when the process ends first. */
  private void awaitReady(int port) throws Exception {
    while (true) {
      assertThat(process.isAlive()).as("serve ended early: %s", stderr()).isTrue();
      try {
        HttpResponse<String> health = get(port, "/health");
        if (health.statusCode() == 200) {
          assertThat(health.body()).isEqualTo("{\"status\":\"ok\"}");
          return;
        }
        assertThat(health.statusCode()).isEqualTo(503);
      } catch (ConnectException notYetListening) {
        // the JVM is still starting
      }
      Thread.sleep(50);
    }
  }

  private String stderr() throws IOException {
    return Files.readString(dir.resolve("err.txt"));
  }

  @Test
  void servesTheTinyModelAndStopsOnSigterm() throws Exception {
    int port = freePort();
    serve(
        "--model",
        "tiny",
        "--port",
        String.valueOf(port),
        "--threads",
        "1",
        "--ctx-size",
        "512",
        "--parallel",
        "2",
        "--request-timeout",
        "30",
        "--keep-alive",
        "5",
        "--alias",
        "samovar-test");

    awaitReady(port);
    HttpResponse<String> models = get(port, "/v1/models");
    HttpResponse<String> slots = get(port, "/slots");
    HttpResponse<String> chat =
        client.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/chat/completions"))
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        "{\"model\":\"samovar-test\",\"max_tokens\":4,\"temperature\":0,"
                            + "\"messages\":[{\"role\":\"user\",\"content\":\"Привет\"}]}"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    process.destroy();

    assertThat(Json.MAPPER.readTree(models.body()).findValuesAsText("id"))
        .containsExactly("tiny", "samovar-test");
    // Four waiting generations per sequence unless --queue-size says otherwise.
    assertThat(Json.MAPPER.readTree(slots.body()).at("/queue/capacity").asInt()).isEqualTo(8);
    assertThat(Json.MAPPER.readTree(slots.body()).get("slots")).hasSize(2);
    assertThat(chat.statusCode()).isEqualTo(200);
    JsonNode body = Json.MAPPER.readTree(chat.body());
    assertThat(body.at("/choices/0/finish_reason").asText()).isEqualTo("length");
    assertThat(body.at("/usage/completion_tokens").asInt()).isEqualTo(4);
    assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("ended after SIGTERM").isTrue();
    assertThat(process.exitValue()).isEqualTo(143);
    assertThat(dir.resolve("cache/samovar/models/tiny.gguf")).isRegularFile();
  }

  @Test
  void endsWithExitCode1AndOneLineWhenTheModelFailsToLoad() throws Exception {
    Path broken = Files.writeString(dir.resolve("broken.gguf"), "not a gguf file");

    serve("--model", broken.toString(), "--port", String.valueOf(freePort()));

    assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("ended").isTrue();
    assertThat(process.exitValue()).isEqualTo(1);
    List<String> ours = stderr().lines().filter(line -> line.startsWith("samovar serve:")).toList();
    assertThat(ours)
        .singleElement()
        .asString()
        .startsWith("samovar serve: the model failed to load: ")
        .contains(broken.toString());
  }

  @Test
  void endsWithExitCode2WithoutAModel() throws Exception {
    serve();

    assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("ended").isTrue();
    assertThat(process.exitValue()).isEqualTo(2);
    assertThat(stderr())
        .isEqualTo(
            "samovar serve: no model given: pass --model tiny (a small built-in test model) or"
                + " --model PATH.gguf (see --help)"
                + System.lineSeparator());
  }
}
