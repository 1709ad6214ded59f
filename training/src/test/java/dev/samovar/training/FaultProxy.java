package dev.samovar.training;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

/**
 * An HTTP proxy on 127.0.0.1 in front of an OpenAI-compatible endpoint that fails a chosen subset
 * of chat completion requests: 429 with {@code Retry-After}, 500, or a connection dropped in the
 * middle of the answer. The {@code n}-th request (from 1) gets what the plan says for {@code n}.
 */
final class FaultProxy implements AutoCloseable {
  /** What the proxy does with one request. */
  enum Fault {
    FORWARD,
    RATE_LIMIT,
    SERVER_ERROR,
    DROP
  }

  private final URI upstream;
  private final IntFunction<Fault> plan;
  private final Duration delay;
  private final HttpServer server;
  private final HttpClient http = HttpClient.newHttpClient();
  private final AtomicInteger count = new AtomicInteger();
  private final Map<Fault, AtomicInteger> faults = new ConcurrentHashMap<>();
  private final List<String> forwarded = new ArrayList<>();

  /**
   * @param upstreamBase the endpoint's base URL including /v1
   * @param plan the fault of the {@code n}-th request
   * @param delay a wait before each forwarded request (slows a run down)
   */
  FaultProxy(String upstreamBase, IntFunction<Fault> plan, Duration delay) throws IOException {
    this.upstream = URI.create(upstreamBase + "/chat/completions");
    this.plan = plan;
    this.delay = delay;
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
    server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    server.createContext("/v1/chat/completions", this::handle);
    server.start();
  }

  /** The base URL to pass as --teacher-url. */
  String baseUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
  }

  /** How many requests got {@code fault}. */
  int count(Fault fault) {
    return faults.computeIfAbsent(fault, f -> new AtomicInteger()).get();
  }

  /** The bodies of the requests forwarded upstream, in order. */
  List<String> forwarded() {
    synchronized (forwarded) {
      return List.copyOf(forwarded);
    }
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      byte[] body = exchange.getRequestBody().readAllBytes();
      Fault fault = plan.apply(count.incrementAndGet());
      faults.computeIfAbsent(fault, f -> new AtomicInteger()).incrementAndGet();
      switch (fault) {
        case RATE_LIMIT -> {
          exchange.getResponseHeaders().add("Retry-After", "1");
          send(exchange, 429, "{\"error\":{\"message\":\"rate limited by the proxy\"}}");
        }
        case SERVER_ERROR ->
            send(exchange, 500, "{\"error\":{\"message\":\"failed by the proxy\"}}");
        case DROP -> {
          exchange.sendResponseHeaders(200, 1000);
          OutputStream out = exchange.getResponseBody();
          out.write("{\"id\":".getBytes(StandardCharsets.UTF_8));
          out.flush();
          // closing with fewer bytes than announced drops the connection
        }
        case FORWARD -> forward(exchange, body);
      }
    } catch (IOException dropped) {
      // the connection was dropped on purpose, or the client went away
    }
  }

  private void forward(HttpExchange exchange, byte[] body) throws IOException {
    try {
      Thread.sleep(delay);
      synchronized (forwarded) {
        forwarded.add(new String(body, StandardCharsets.UTF_8));
      }
      HttpRequest.Builder request =
          HttpRequest.newBuilder(upstream)
              .timeout(Duration.ofMinutes(2))
              .header("Content-Type", "application/json")
              .POST(HttpRequest.BodyPublishers.ofByteArray(body));
      HttpResponse<String> response =
          http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
      exchange.getResponseHeaders().add("Content-Type", "application/json");
      send(exchange, response.statusCode(), response.body());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
  }

  private static void send(HttpExchange exchange, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.sendResponseHeaders(status, bytes.length);
    exchange.getResponseBody().write(bytes);
  }

  @Override
  public void close() {
    server.stop(0);
    http.close();
  }
}
