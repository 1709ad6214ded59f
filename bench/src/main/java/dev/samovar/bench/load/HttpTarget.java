package dev.samovar.bench.load;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.samovar.client.Endpoint;
import dev.samovar.client.ErrorText;
import dev.samovar.client.Json;
import dev.samovar.client.Message;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Streams chat completions from an OpenAI-compatible endpoint ({@code stream: true} with {@code
 * stream_options.include_usage}) and timestamps each chunk on arrival. No retries: a failure is a
 * measurement. A request that has not ended after the request timeout is cut off and counted as a
 * timeout.
 */
public final class HttpTarget implements Target {
  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(30);
  private static final int MAX_ERROR_BODY = 4096;

  private final Endpoint endpoint;
  private final String model;
  private final Duration timeout;
  private final HttpClient http;
  private final ScheduledExecutorService watchdog;

  /**
   * @param endpoint where to send requests
   * @param model the model to ask for
   * @param timeout the most time a request may take, send until its last chunk
   */
  public HttpTarget(Endpoint endpoint, String model, Duration timeout) {
    this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
    this.model = Objects.requireNonNull(model, "model");
    this.timeout = Objects.requireNonNull(timeout, "timeout");
    this.http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(CONNECT_TIMEOUT)
            .build();
    this.watchdog =
        Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("load-timeout").factory());
  }

  @Override
  public String location() {
    return endpoint.chatCompletions().toString();
  }

  @Override
  public String model() {
    return model;
  }

  /** The request body for {@code request}. */
  JsonNode body(LoadRequest request) {
    ObjectNode body = Json.MAPPER.createObjectNode();
    body.put("model", model);
    var messages = body.putArray("messages");
    for (Message message : request.messages()) {
      messages.addObject().put("role", message.role()).put("content", message.content());
    }
    body.put("stream", true);
    body.putObject("stream_options").put("include_usage", true);
    body.put("max_tokens", request.maxTokens());
    body.put("temperature", request.temperature());
    if (request.ignoreEos()) {
      body.put("ignore_eos", true);
    }
    return body;
  }

  @Override
  public Outcome send(LoadRequest request) throws InterruptedException {
    HttpRequest.Builder builder =
        HttpRequest.newBuilder(endpoint.chatCompletions())
            .timeout(timeout)
            .header("Content-Type", "application/json")
            .header("Accept", "text/event-stream")
            .POST(
                HttpRequest.BodyPublishers.ofString(
                    Json.line(body(request)), StandardCharsets.UTF_8));
    endpoint.apiKey().ifPresent(key -> builder.header("Authorization", "Bearer " + key));
    long sent = System.nanoTime();
    HttpResponse<InputStream> response;
    try {
      response = http.send(builder.build(), HttpResponse.BodyHandlers.ofInputStream());
    } catch (HttpTimeoutException e) {
      return timedOut();
    } catch (IOException e) {
      return new Outcome.Failed(
          "connection failed", "cannot reach " + location() + ": " + ErrorText.of(e));
    }
    long left = timeout.toNanos() - (System.nanoTime() - sent);
    AtomicBoolean cut = new AtomicBoolean();
    InputStream body = response.body();
    ScheduledFuture<?> deadline =
        watchdog.schedule(
            () -> {
              cut.set(true);
              closeQuietly(body);
            },
            Math.max(left, 0),
            TimeUnit.NANOSECONDS);
    try (body) {
      Outcome outcome =
          response.statusCode() == 200 ? read(body, sent) : httpError(response.statusCode(), body);
      return cut.get() ? timedOut() : outcome;
    } catch (IOException e) {
      return cut.get()
          ? timedOut()
          : new Outcome.Failed("broken stream", "the stream broke off: " + ErrorText.of(e));
    } finally {
      deadline.cancel(false);
    }
  }

  private static Outcome read(InputStream body, long sent) throws IOException {
    ChunkStream stream = new ChunkStream(sent);
    BufferedReader lines = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8));
    for (String line = lines.readLine(); line != null; line = lines.readLine()) {
      if (stream.line(line, System.nanoTime())) {
        break;
      }
    }
    return stream.outcome();
  }

  private static Outcome httpError(int status, InputStream body) throws IOException {
    String text = new String(body.readNBytes(MAX_ERROR_BODY), StandardCharsets.UTF_8);
    String message = "HTTP " + status + ": " + ErrorText.ofBody(text);
    if (status == 400 && text.contains("ignore_eos")) {
      message += " (the endpoint rejects ignore_eos: run with --no-ignore-eos)";
    }
    return new Outcome.Failed("HTTP " + status, message);
  }

  private Outcome.Failed timedOut() {
    return new Outcome.Failed(
        "timeout", "no end of the stream from " + location() + " within " + timeout);
  }

  private static void closeQuietly(InputStream body) {
    try {
      body.close();
    } catch (IOException alreadyBroken) {
      // the reader sees the stream end either way
    }
  }

  @Override
  public void close() {
    watchdog.shutdownNow();
    http.shutdownNow();
    http.close();
  }
}
