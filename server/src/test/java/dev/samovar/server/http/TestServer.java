package dev.samovar.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.samovar.server.api.Json;
import dev.samovar.server.ops.AccessSettings;
import dev.samovar.server.ops.CacheSettings;
import dev.samovar.server.ops.Operations;
import dev.samovar.server.ops.StoreSettings;
import io.javalin.Javalin;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.eclipse.jetty.util.thread.ThreadPool;

/** The real app on a free port, a fake engine behind it and an HTTP client in front. */
final class TestServer implements AutoCloseable {
  static final List<String> ALIASES = List.of("fake-alias");

  final FakeEngine engine;
  final ServedModel model = new ServedModel(FakeEngine.MODEL_ID, ALIASES);
  final Operations ops;
  private final Javalin app;
  private final HttpClient client = HttpClient.newHttpClient();

  /** A server whose model is still loading. */
  static TestServer loading(ServerSettings settings) {
    return new TestServer(settings, 1);
  }

  /** A server with the fake engine loaded and the default settings. */
  static TestServer ready() {
    return ready(ServerSettings.DEFAULTS);
  }

  static TestServer ready(ServerSettings settings) {
    return ready(settings, 1);
  }

  /** A server with a fake engine of {@code sequences} sequences. */
  static TestServer ready(ServerSettings settings, int sequences) {
    TestServer server = new TestServer(settings, sequences);
    server.model.ready(server.engine);
    return server;
  }

  /** A loaded server with the default settings and {@code access}. */
  static TestServer ready(AccessSettings access) {
    TestServer server = new TestServer(ServerSettings.DEFAULTS, 1, access, CacheSettings.OFF);
    server.model.ready(server.engine);
    return server;
  }

  /** A loaded server with the default settings and a response cache. */
  static TestServer ready(CacheSettings cache) {
    TestServer server = new TestServer(ServerSettings.DEFAULTS, 1, AccessSettings.OPEN, cache);
    server.model.ready(server.engine);
    return server;
  }

  private TestServer(ServerSettings settings, int sequences) {
    this(settings, sequences, AccessSettings.OPEN, CacheSettings.OFF);
  }

  private TestServer(
      ServerSettings settings, int sequences, AccessSettings access, CacheSettings cache) {
    engine = new FakeEngine(sequences);
    ops = OpenAiServer.operations(model, access, cache, StoreSettings.DEFAULT);
    app = OpenAiServer.create(model, settings, ops).start("127.0.0.1", 0);
  }

  /** Jetty's pool of request threads. */
  ThreadPool threadPool() {
    return app.jettyServer().server().getThreadPool();
  }

  int port() {
    return app.port();
  }

  URI uri(String path) {
    return URI.create("http://127.0.0.1:" + app.port() + path);
  }

  HttpResponse<String> post(String path, String body) throws IOException, InterruptedException {
    return send(
        HttpRequest.newBuilder(uri(path))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build());
  }

  HttpResponse<String> get(String path) throws IOException, InterruptedException {
    return send(HttpRequest.newBuilder(uri(path)).GET().build());
  }

  HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
    return client.send(
        HttpRequest.newBuilder(request, (name, value) -> true)
            .timeout(Duration.ofSeconds(10))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  static JsonNode json(HttpResponse<String> response) throws IOException {
    return Json.MAPPER.readTree(response.body());
  }

  @Override
  public void close() {
    engine.close();
    app.stop();
    client.close();
  }
}
