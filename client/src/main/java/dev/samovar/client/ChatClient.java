package dev.samovar.client;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Sends chat completion requests to one {@link Endpoint} and returns the assistant's answer.
 *
 * <p>Failures that may pass (429, 408, 5xx, a dropped connection, a timeout, a 200 without a
 * message) are tried again as the {@link RetryPolicy} says, after the server's {@code Retry-After}
 * when it sends one. 401, 403 and 404 fail at once as {@linkplain ChatCallException#fatal() fatal};
 * other 4xx answers (a prompt too long, a bad parameter) fail at once. Thread-safe.
 */
public final class ChatClient implements AutoCloseable {
  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(30);
  private static final Duration REQUEST_TIMEOUT = Duration.ofMinutes(10);

  /** Hears about each failed try that will be tried again. */
  @FunctionalInterface
  public interface RetryListener {
    /**
     * @param failure what went wrong, one line
     * @param nextAttempt the number of the coming try (2 for the first retry)
     * @param attempts tries in all
     * @param delay the wait before the coming try
     */
    void retrying(String failure, int nextAttempt, int attempts, Duration delay);
  }

  private sealed interface Outcome {}

  private record Success(ChatCompletion completion) implements Outcome {}

  private record Retry(String failure, Optional<Duration> after) implements Outcome {}

  private record Failure(String failure, boolean fatal) implements Outcome {}

  private final Endpoint endpoint;
  private final RetryPolicy retry;
  private final HttpClient http;

  public ChatClient(Endpoint endpoint, RetryPolicy retry) {
    this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
    this.retry = Objects.requireNonNull(retry, "retry");
    this.http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(CONNECT_TIMEOUT)
            .build();
  }

  /**
   * The assistant message's content for {@code request}.
   *
   * @throws ChatCallException when every try failed, or a try failed in a way retrying cannot fix
   */
  public String complete(ChatRequest request, RetryListener listener)
      throws ChatCallException, InterruptedException {
    return chat(request, listener).content();
  }

  /**
   * The answer to {@code request}: the assistant message's content, finish reason and usage.
   *
   * @throws ChatCallException when every try failed, or a try failed in a way retrying cannot fix
   */
  public ChatCompletion chat(ChatRequest request, RetryListener listener)
      throws ChatCallException, InterruptedException {
    HttpRequest.Builder builder =
        HttpRequest.newBuilder(endpoint.chatCompletions())
            .timeout(REQUEST_TIMEOUT)
            .header("Content-Type", "application/json")
            .POST(
                HttpRequest.BodyPublishers.ofString(
                    Json.line(request.toJson()), StandardCharsets.UTF_8));
    endpoint.apiKey().ifPresent(key -> builder.header("Authorization", "Bearer " + key));
    HttpRequest httpRequest = builder.build();
    for (int attempt = 1; ; attempt++) {
      switch (send(httpRequest)) {
        case Success success -> {
          return success.completion();
        }
        case Failure failure ->
            throw new ChatCallException(
                failure.failure() + retriesNote(attempt - 1), failure.fatal());
        case Retry retryable -> {
          if (attempt == retry.attempts()) {
            throw new ChatCallException(
                retryable.failure() + " (tried " + attempt + " times)", false);
          }
          Duration delay = retryable.after().orElse(retry.pause());
          listener.retrying(retryable.failure(), attempt + 1, retry.attempts(), delay);
          Thread.sleep(delay);
        }
      }
    }
  }

  private static String retriesNote(int retries) {
    return retries == 0 ? "" : " (after " + retries + (retries == 1 ? " retry)" : " retries)");
  }

  private Outcome send(HttpRequest request) throws InterruptedException {
    HttpResponse<String> response;
    try {
      response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    } catch (HttpTimeoutException e) {
      return new Retry(
          "no answer from " + endpoint.chatCompletions() + ": " + e.getMessage(), Optional.empty());
    } catch (IOException e) {
      return new Retry(
          "cannot reach " + endpoint.chatCompletions() + ": " + ErrorText.of(e), Optional.empty());
    }
    int status = response.statusCode();
    if (status == 200) {
      return content(response.body());
    }
    String failure =
        "HTTP "
            + status
            + " from "
            + endpoint.chatCompletions()
            + ": "
            + ErrorText.ofBody(response.body());
    if (status == 429 || status == 408 || status >= 500) {
      return new Retry(failure, RetryAfter.of(response.headers(), Instant.now()));
    }
    return new Failure(failure, status == 401 || status == 403 || status == 404);
  }

  private Outcome content(String body) {
    try {
      JsonNode answer = Json.MAPPER.readTree(body);
      JsonNode choice = answer.path("choices").path(0);
      JsonNode content = choice.path("message").path("content");
      if (content.isTextual()) {
        JsonNode finish = choice.path("finish_reason");
        return new Success(
            new ChatCompletion(
                content.textValue(),
                finish.isTextual() ? Optional.of(finish.textValue()) : Optional.empty(),
                usage(answer.path("usage"))));
      }
      return new Retry(
          "the answer from "
              + endpoint.chatCompletions()
              + " has no choices[0].message.content: "
              + ErrorText.snippet(body),
          Optional.empty());
    } catch (JacksonException e) {
      return new Retry(
          "the answer from "
              + endpoint.chatCompletions()
              + " is not JSON: "
              + ErrorText.snippet(body),
          Optional.empty());
    }
  }

  private static Optional<Usage> usage(JsonNode usage) {
    JsonNode prompt = usage.path("prompt_tokens");
    JsonNode completion = usage.path("completion_tokens");
    if (prompt.isIntegralNumber()
        && prompt.canConvertToLong()
        && prompt.longValue() >= 0
        && completion.isIntegralNumber()
        && completion.canConvertToLong()
        && completion.longValue() >= 0) {
      return Optional.of(new Usage(prompt.longValue(), completion.longValue()));
    }
    return Optional.empty();
  }

  @Override
  public void close() {
    http.close();
  }
}
