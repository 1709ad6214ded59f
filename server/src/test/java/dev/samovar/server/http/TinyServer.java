package dev.samovar.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import dev.samovar.engine.EngineConfig;
import dev.samovar.engine.Engines;
import dev.samovar.engine.InferenceEngine;
import dev.samovar.engine.Prompt;
import dev.samovar.models.tiny.TinyModel;
import dev.samovar.server.api.Json;
import io.javalin.Javalin;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The real engine over the tiny model (one decoding thread: ggml's spinning workers cost more than
 * they gain on a small machine) behind the real server on a free port, with clients in front.
 */
final class TinyServer implements AutoCloseable {
  static final String ALIAS = "tiny-alias";

  final InferenceEngine engine;
  private final Javalin app;
  private final HttpClient http = HttpClient.newHttpClient();
  private final List<OpenAIClient> clients = new ArrayList<>();

  private TinyServer(InferenceEngine engine, Javalin app) {
    this.engine = engine;
    this.app = app;
  }

  /** Writes the tiny model into {@code dir} and serves it with {@code parallel} sequences. */
  static TinyServer start(Path dir, int parallel, int contextSize, ServerSettings settings) {
    Path file = dir.resolve("tiny.gguf");
    TinyModel.write(file);
    InferenceEngine engine =
        Engines.load(new EngineConfig(file, TinyModel.MODEL_ID, contextSize, parallel, 1, 512));
    ServedModel model = new ServedModel(TinyModel.MODEL_ID, List.of(ALIAS));
    model.ready(engine);
    return new TinyServer(engine, OpenAiServer.create(model, settings).start("127.0.0.1", 0));
  }

  int port() {
    return app.port();
  }

  /** An official SDK client that retries {@code maxRetries} times. */
  OpenAIClient client(int maxRetries) {
    OpenAIClient client =
        OpenAIOkHttpClient.builder()
            .baseUrl("http://127.0.0.1:" + app.port() + "/v1")
            .apiKey("not-checked")
            .maxRetries(maxRetries)
            .timeout(Duration.ofSeconds(60))
            .build();
    clients.add(client);
    return client;
  }

  HttpResponse<String> post(String path, String body) throws IOException, InterruptedException {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + path))
            .header("Content-Type", "application/json")
            .timeout(Duration.ofSeconds(60))
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  JsonNode get(String path) throws IOException, InterruptedException {
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + path))
                .timeout(Duration.ofSeconds(10))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    return Json.MAPPER.readTree(response.body());
  }

  /** The engine's token count of a prompt: each segment tokenized as the engine does it. */
  int tokens(Prompt prompt) {
    int tokens = 0;
    for (Prompt.Segment segment : prompt.segments()) {
      tokens +=
          switch (segment) {
            case Prompt.Text text -> engine.tokenize(text.text(), false, text.special()).length;
            case Prompt.Tokens ids -> ids.ids().length;
          };
    }
    return tokens;
  }

  /** The token ids of a prompt, as the engine feeds them. */
  int[] ids(Prompt prompt) {
    List<Integer> ids = new ArrayList<>();
    for (Prompt.Segment segment : prompt.segments()) {
      int[] part =
          switch (segment) {
            case Prompt.Text text -> engine.tokenize(text.text(), false, text.special());
            case Prompt.Tokens tokens -> tokens.ids();
          };
      for (int id : part) {
        ids.add(id);
      }
    }
    return ids.stream().mapToInt(Integer::intValue).toArray();
  }

  /** Polls {@code /slots} until every sequence is idle and nothing waits, or fails. */
  JsonNode awaitIdle(Duration timeout) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    JsonNode slots = get("/slots");
    while (!idle(slots) && System.nanoTime() < deadline) {
      Thread.sleep(10);
      slots = get("/slots");
    }
    if (!idle(slots)) {
      throw new AssertionError("sequences still busy after " + timeout + ": " + slots);
    }
    return slots;
  }

  private static boolean idle(JsonNode slots) {
    for (JsonNode slot : slots.get("slots")) {
      if (!slot.get("state").asText().equals("idle")) {
        return false;
      }
    }
    return slots.at("/queue/waiting").asInt() == 0;
  }

  @Override
  public void close() {
    clients.forEach(OpenAIClient::close);
    app.stop();
    engine.close();
    http.close();
  }
}
