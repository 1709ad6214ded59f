package dev.samovar.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.samovar.cli.Samovar;
import dev.samovar.models.catalog.HubFile;
import dev.samovar.models.download.FakeHub;
import dev.samovar.models.download.Sha256;
import dev.samovar.models.tiny.TinyModel;
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
import java.util.Map;
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
    return serve(Map.of(), args);
  }

  private Process serve(Map<String, String> env, String... args) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(ProcessHandle.current().info().command().orElseThrow());
    command.add("--enable-native-access=ALL-UNNAMED");
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(Samovar.class.getName());
    command.add("serve");
    command.addAll(List.of(args));
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .redirectOutput(dir.resolve("out.txt").toFile())
            .redirectError(dir.resolve("err.txt").toFile());
    builder.environment().keySet().removeIf(name -> name.startsWith("HF_"));
    builder.environment().put("XDG_CACHE_HOME", dir.resolve("cache").toString());
    builder.environment().putAll(env);
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

  /** Polls /ready until it answers 200, failing when the process ends first. */
  private void awaitReady(int port) throws Exception {
    while (true) {
      assertThat(process.isAlive()).as("serve ended early: %s", stderr()).isTrue();
      try {
        assertThat(get(port, "/health").statusCode()).isEqualTo(200);
        HttpResponse<String> ready = get(port, "/ready");
        if (ready.statusCode() == 200) {
          assertThat(ready.body()).isEqualTo("{\"status\":\"ready\"}");
          return;
        }
        assertThat(ready.statusCode()).isEqualTo(503);
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
    HttpResponse<String> metrics = get(port, "/metrics");
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
    assertThat(Json.MAPPER.readTree(models.body()).findValuesAsText("backend"))
        .containsExactly("cpu", "cpu");
    assertThat(Json.MAPPER.readTree(models.body()).at("/data/0/gpu_layers").asInt()).isZero();
    assertThat(Json.MAPPER.readTree(models.body()).at("/data/0/devices")).isEmpty();
    assertThat(metrics.body().lines())
        .contains(
            "samovar_backend_info{backend=\"cpu\",devices=\"\",model=\"tiny\"} 1.0",
            "samovar_gpu_layers{model=\"tiny\"} 0.0");
    // Four waiting generations per sequence unless --queue-size says otherwise.
    assertThat(Json.MAPPER.readTree(slots.body()).at("/queue/capacity").asInt()).isEqualTo(8);
    assertThat(Json.MAPPER.readTree(slots.body()).get("slots")).hasSize(2);
    assertThat(chat.statusCode()).isEqualTo(200);
    JsonNode body = Json.MAPPER.readTree(chat.body());
    assertThat(body.at("/choices/0/finish_reason").asText()).isEqualTo("length");
    assertThat(body.at("/usage/completion_tokens").asInt()).isEqualTo(4);
    assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("ended after SIGTERM").isTrue();
    assertThat(process.exitValue()).isZero();
    assertThat(dir.resolve("cache/samovar/models/tiny.gguf")).isRegularFile();
  }

  @Test
  void theHostCacheBringsBackAConversationThatAnotherReplaced() throws Exception {
    int port = freePort();
    serve(
        "--model",
        "tiny",
        "--port",
        String.valueOf(port),
        "--threads",
        "1",
        "--ctx-size",
        "1024",
        "--parallel",
        "1",
        "--cache-ram",
        "64");
    awaitReady(port);
    String tea = "привет мир чай самовар ".repeat(30);
    String other = "Сегодня мы говорить ".repeat(30);

    JsonNode first = chat(port, tea);
    chat(port, other);
    JsonNode again = chat(port, tea);
    JsonNode slots = Json.MAPPER.readTree(get(port, "/slots").body());
    process.destroy();

    assertThat(first.at("/usage/prompt_tokens_details/cached_tokens").asInt()).isZero();
    assertThat(again.at("/usage/prompt_tokens_details/cached_tokens").asInt())
        .as("restored from host RAM: all but the last prompt token")
        .isEqualTo(again.at("/usage/prompt_tokens").asInt() - 1);
    assertThat(again.at("/choices/0/message/content").asText())
        .isEqualTo(first.at("/choices/0/message/content").asText());
    assertThat(slots.at("/host_cache/entries").asInt()).isEqualTo(2);
    assertThat(slots.at("/host_cache/bytes").asLong()).isPositive();
  }

  private JsonNode chat(int port, String content) throws Exception {
    HttpResponse<String> response =
        client.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/chat/completions"))
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        Json.MAPPER.writeValueAsString(
                            Map.of(
                                "model",
                                "tiny",
                                "max_tokens",
                                6,
                                "temperature",
                                0,
                                "messages",
                                List.of(Map.of("role", "user", "content", content))))))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return Json.MAPPER.readTree(response.body());
  }

  @Test
  void letsAStreamFinishOnSigtermLogsJsonLinesAndExitsWithZero() throws Exception {
    int port = freePort();
    serve(
        Map.of("SAMOVAR_LOG_FORMAT", "json"),
        "--model",
        "tiny",
        "--port",
        String.valueOf(port),
        "--threads",
        "1",
        "--ctx-size",
        "512",
        "--shutdown-grace",
        "60");
    awaitReady(port);

    HttpResponse<java.util.stream.Stream<String>> stream =
        client.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/chat/completions"))
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        "{\"model\":\"tiny\",\"max_tokens\":400,\"temperature\":0,"
                            + "\"ignore_eos\":true,\"stream\":true,"
                            + "\"messages\":[{\"role\":\"user\",\"content\":\"Привет\"}]}"))
                .build(),
            HttpResponse.BodyHandlers.ofLines());
    List<String> events = new ArrayList<>();
    var lines = stream.body().filter(line -> line.startsWith("data: ")).iterator();
    events.add(lines.next());
    process.destroy();
    lines.forEachRemaining(events::add);

    assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("ended after SIGTERM").isTrue();
    assertThat(process.exitValue()).isZero();
    assertThat(events.getLast()).isEqualTo("data: [DONE]");
    JsonNode finish = Json.MAPPER.readTree(events.get(events.size() - 2).substring(6));
    assertThat(finish.at("/choices/0/finish_reason").asText()).isEqualTo("length");
    List<JsonNode> logs = new ArrayList<>();
    for (String line : stderr().lines().filter(line -> line.startsWith("{")).toList()) {
      logs.add(Json.MAPPER.readTree(line));
    }
    assertThat(logs)
        .anySatisfy(
            log ->
                assertThat(log.path("formattedMessage").asText())
                    .isEqualTo("Stopping; 1 requests in flight"));
    JsonNode access =
        logs.stream()
            .filter(log -> log.get("loggerName").asText().equals("samovar.access"))
            .filter(log -> log.toString().contains("/v1/chat/completions"))
            .findFirst()
            .orElseThrow();
    assertThat(access.get("formattedMessage").asText()).isEqualTo("POST /v1/chat/completions 200");
    assertThat(access.get("kvpList").toString())
        .contains("\"status\":\"200\"", "\"completion_tokens\":\"400\"")
        .doesNotContain("Привет");
  }

  @Test
  void endsWithExitCode1AndOneLineWhenTheModelIsNotAValidGguf() throws Exception {
    Path broken = Files.writeString(dir.resolve("broken.gguf"), "not a gguf file");

    serve("--model", broken.toString(), "--port", String.valueOf(freePort()));

    assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("ended").isTrue();
    assertThat(process.exitValue()).isEqualTo(1);
    assertThat(stderr())
        .isEqualTo(
            "samovar serve: "
                + broken
                + " is not a valid GGUF file (not a GGUF file: bad magic 0x20746F6E (expected"
                + " 'GGUF')); if it was downloaded, it is truncated or corrupt: delete it and"
                + " download it again"
                + System.lineSeparator());
  }

  @Test
  void withoutAModelDownloadsTheDefaultAndServesItUnderItsCatalogId() throws Exception {
    Path tiny = dir.resolve("tiny.gguf");
    TinyModel.write(tiny);
    HubFile published =
        new HubFile("ruslandev/llama-3-8b-gpt-4o-ru1.0-gguf", "main", "ggml-model-Q4_K_M.gguf");
    try (FakeHub hub = FakeHub.start()) {
      String sha = hub.host(published, Files.readAllBytes(tiny));
      int port = freePort();

      serve(
          Map.of("HF_ENDPOINT", hub.endpoint()),
          "--port",
          String.valueOf(port),
          "--threads",
          "1",
          "--ctx-size",
          "512");

      awaitReady(port);
      HttpResponse<String> models = get(port, "/v1/models");
      process.destroy();

      assertThat(Json.MAPPER.readTree(models.body()).findValuesAsText("id"))
          .containsExactly("ru-llama3-8b:Q4_K_M");
      Path cached =
          dir.resolve(
              "cache/samovar/models/ruslandev/llama-3-8b-gpt-4o-ru1.0-gguf/ggml-model-Q4_K_M.gguf");
      assertThat(cached).hasSameBinaryContentAs(tiny);
      assertThat(Sha256.recorded(cached)).contains(sha);
      assertThat(stderr()).contains("downloading ggml-model-Q4_K_M.gguf (4.41 MB)");
      assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("ended after SIGTERM").isTrue();
    }
  }

  @Test
  void backendCudaWithoutItsLibraryEndsWithExitCode1AndOneLine() throws Exception {
    Path missing = dir.resolve("no-cuda");

    serve(
        Map.of("SAMOVAR_BACKEND", "cuda", "SAMOVAR_CUDA_LIB", missing.toString()),
        "--model",
        "tiny",
        "--port",
        String.valueOf(freePort()),
        "--threads",
        "1",
        "--ctx-size",
        "128");

    assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("ended").isTrue();
    assertThat(process.exitValue()).isEqualTo(1);
    assertThat(stderr())
        .isEqualTo(
            "samovar serve: the model failed to load: backend cuda: the CUDA library folder "
                + missing
                + " holds no libllama.so (llama.cpp 0.5) or libjllama.so (b4916); install"
                + " llama.cpp's CUDA libraries with native/llama-cpp/install-cuda.sh (or build them"
                + " with native/cuda/build-cuda.sh) and point SAMOVAR_CUDA_LIB at their folder"
                + System.lineSeparator());
  }

  @Test
  void offlineWithoutTheDefaultModelSaysHowToGetOne() throws Exception {
    serve("--offline");

    assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("ended").isTrue();
    assertThat(process.exitValue()).isEqualTo(1);
    assertThat(stderr())
        .startsWith("samovar serve: ru-llama3-8b:Q4_K_M is not downloaded (")
        .endsWith(
            " is missing) and offline mode forbids the network; run 'samovar models pull"
                + " ru-llama3-8b:Q4_K_M' while online, or pass --model PATH.gguf"
                + System.lineSeparator());
  }
}
