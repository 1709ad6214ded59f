package dev.samovar.testkit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.Javalin;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An OpenAI-compatible endpoint on 127.0.0.1 and a free port whose answers a test decides; it
 * records every request.
 */
public final class FakeOpenAi implements AutoCloseable {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  /** One request: its body, headers (lower-case names) and arrival time. */
  public record Call(JsonNode body, Map<String, String> headers, Instant at) {
    /** The content of the last message. */
    public String lastMessage() {
      JsonNode messages = body.get("messages");
      return messages.get(messages.size() - 1).get("content").textValue();
    }
  }

  /** An answer. */
  public record Reply(int status, Map<String, String> headers, String body) {
    /** 200 with a chat completion whose message is {@code content}, finished by "stop". */
    public static Reply content(String content) {
      return new Reply(200, Map.of(), line(completion(content, "stop")));
    }

    /** 200 with a chat completion: {@code content}, {@code finishReason} and a {@code usage}. */
    public static Reply content(
        String content, String finishReason, long promptTokens, long completionTokens) {
      ObjectNode body = completion(content, finishReason);
      body.putObject("usage")
          .put("prompt_tokens", promptTokens)
          .put("completion_tokens", completionTokens)
          .put("total_tokens", promptTokens + completionTokens);
      return new Reply(200, Map.of(), line(body));
    }

    private static ObjectNode completion(String content, String finishReason) {
      ObjectNode body = MAPPER.createObjectNode();
      body.put("id", "chatcmpl-test").put("object", "chat.completion").put("model", "fake");
      ObjectNode choice = body.putArray("choices").addObject();
      choice.put("index", 0).put("finish_reason", finishReason);
      choice.putObject("message").put("role", "assistant").put("content", content);
      return body;
    }

    /** An OpenAI error object with {@code status}. */
    public static Reply error(int status, String message) {
      ObjectNode body = MAPPER.createObjectNode();
      body.putObject("error").put("message", message).put("type", "test_error");
      return new Reply(status, Map.of(), line(body));
    }

    public Reply withHeader(String name, String value) {
      Map<String, String> all = new TreeMap<>(headers);
      all.put(name, value);
      return new Reply(status, all, body);
    }
  }

  /** Decides the answer to the {@code n}-th request (from 1) with body {@code body}. */
  @FunctionalInterface
  public interface Responder {
    Reply reply(JsonNode body, int n) throws Exception;
  }

  private final List<Call> calls = new ArrayList<>();
  private final AtomicInteger count = new AtomicInteger();
  private final Javalin app;

  public FakeOpenAi(Responder responder) {
    app =
        Javalin.create(
                config -> {
                  config.startup.showJavalinBanner = false;
                  config.startup.showOldJavalinVersionWarning = false;
                  config.concurrency.useVirtualThreads = true;
                  config.routes.post(
                      "/v1/chat/completions",
                      ctx -> {
                        JsonNode body = MAPPER.readTree(ctx.body());
                        Map<String, String> headers = new TreeMap<>();
                        ctx.headerMap()
                            .forEach((name, value) -> headers.put(name.toLowerCase(), value));
                        synchronized (calls) {
                          calls.add(new Call(body, headers, Instant.now()));
                        }
                        Reply reply = responder.reply(body, count.incrementAndGet());
                        reply.headers().forEach(ctx::header);
                        ctx.status(reply.status())
                            .contentType("application/json")
                            .result(reply.body());
                      });
                })
            .start("127.0.0.1", 0);
  }

  /** The base URL to pass as --endpoint: {@code http://127.0.0.1:PORT/v1}. */
  public String baseUrl() {
    return "http://127.0.0.1:" + app.port() + "/v1";
  }

  public List<Call> calls() {
    synchronized (calls) {
      return List.copyOf(calls);
    }
  }

  @Override
  public void close() {
    app.stop();
  }

  private static String line(JsonNode json) {
    try {
      return MAPPER.writeValueAsString(json);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
