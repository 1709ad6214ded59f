package dev.samovar.bench.load;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.samovar.bench.Json;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A chat completions endpoint on 127.0.0.1 and a free port that answers as a script says, writing
 * server-sent events one by one with pauses in between; it records every request body and its
 * Authorization header.
 */
final class StreamingServer implements AutoCloseable {
  /** Answers the {@code n}-th request (from 1). */
  @FunctionalInterface
  interface Script {
    void answer(HttpExchange exchange, JsonNode body, int n) throws Exception;
  }

  /** A request as it came: its body and Authorization header (null when none). */
  record Call(JsonNode body, String authorization) {}

  private final HttpServer server;
  private final ExecutorService handlers = Executors.newCachedThreadPool();
  private final List<Call> calls = new ArrayList<>();
  private final AtomicInteger count = new AtomicInteger();

  StreamingServer(Script script) throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setExecutor(handlers);
    server.createContext(
        "/v1/chat/completions",
        exchange -> {
          try (exchange) {
            JsonNode body = Json.MAPPER.readTree(exchange.getRequestBody());
            synchronized (calls) {
              calls.add(new Call(body, exchange.getRequestHeaders().getFirst("Authorization")));
            }
            script.answer(exchange, body, count.incrementAndGet());
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          } catch (IOException e) {
            // the client went away: nothing to answer
          } catch (Exception e) {
            throw new IllegalStateException(e);
          }
        });
    server.start();
  }

  String baseUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
  }

  List<Call> calls() {
    synchronized (calls) {
      return List.copyOf(calls);
    }
  }

  /** Starts a 200 event stream. */
  static OutputStream open(HttpExchange exchange) throws IOException {
    exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
    exchange.sendResponseHeaders(200, 0);
    return exchange.getResponseBody();
  }

  /** Writes one event ({@code data: ...} and a blank line) and flushes it. */
  static void event(OutputStream out, String data) throws IOException {
    out.write(("data: " + data + "\n\n").getBytes(StandardCharsets.UTF_8));
    out.flush();
  }

  /** A whole stream: role chunk, one chunk per piece {@code pauseMs} apart, finish, usage, DONE. */
  static void stream(
      HttpExchange exchange, long pauseMs, int promptTokens, int completionTokens, String... pieces)
      throws IOException, InterruptedException {
    OutputStream out = open(exchange);
    event(out, delta(Json.MAPPER.createObjectNode().put("role", "assistant").put("content", "")));
    for (String piece : pieces) {
      Thread.sleep(pauseMs);
      event(out, content(piece));
    }
    event(out, finish());
    if (promptTokens >= 0) {
      event(out, usage(promptTokens, completionTokens));
    }
    event(out, "[DONE]");
  }

  static String content(String text) {
    return delta(Json.MAPPER.createObjectNode().put("content", text));
  }

  private static String delta(ObjectNode delta) {
    ObjectNode chunk = chunk();
    ObjectNode choice = chunk.putArray("choices").addObject();
    choice.put("index", 0).set("delta", delta);
    choice.putNull("finish_reason");
    return Json.line(chunk);
  }

  static String finish() {
    ObjectNode chunk = chunk();
    ObjectNode choice = chunk.putArray("choices").addObject();
    choice.put("index", 0).putObject("delta");
    choice.put("finish_reason", "length");
    return Json.line(chunk);
  }

  static String usage(int promptTokens, int completionTokens) {
    ObjectNode chunk = chunk();
    chunk.putArray("choices");
    chunk
        .putObject("usage")
        .put("prompt_tokens", promptTokens)
        .put("completion_tokens", completionTokens)
        .put("total_tokens", promptTokens + completionTokens);
    return Json.line(chunk);
  }

  private static ObjectNode chunk() {
    return Json.MAPPER
        .createObjectNode()
        .put("id", "chatcmpl-test")
        .put("object", "chat.completion.chunk")
        .put("model", "scripted");
  }

  /** An OpenAI error body with {@code status}. */
  static void error(HttpExchange exchange, int status, String message) throws IOException {
    ObjectNode body = Json.MAPPER.createObjectNode();
    body.putObject("error").put("message", message).put("type", "test_error");
    byte[] bytes = Json.line(body).getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, bytes.length);
    exchange.getResponseBody().write(bytes);
  }

  @Override
  public void close() {
    server.stop(0);
    handlers.shutdownNow();
  }
}
