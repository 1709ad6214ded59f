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
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.Proxy;
import java.net.SocketTimeoutException;
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
 *
 * <p>The stream is read with blocking I/O on the calling thread (HTTP/1.1 through {@link
 * HttpURLConnection}, no proxy, no redirects), so that each chunk wakes one thread, the one that
 * timestamps it: the client runs beside the endpoint on the same cores, and every extra wake-up per
 * chunk (an event loop handing data to a reader) is CPU taken from the endpoint being measured and
 * a hop between the arrival and its timestamp. Call it from a platform thread for the same reason.
 */
public final class HttpTarget implements Target {
  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(30);
  private static final int MAX_ERROR_BODY = 4096;

  private final Endpoint endpoint;
  private final String model;
  private final Duration timeout;
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
  public Outcome send(LoadRequest request) {
    byte[] json = Json.line(body(request)).getBytes(StandardCharsets.UTF_8);
    long sent = System.nanoTime();
    HttpURLConnection connection;
    try {
      connection =
          (HttpURLConnection) endpoint.chatCompletions().toURL().openConnection(Proxy.NO_PROXY);
    } catch (IOException e) {
      return new Outcome.Failed(
          "connection failed", "cannot reach " + location() + ": " + ErrorText.of(e));
    }
    AtomicBoolean cut = new AtomicBoolean();
    ScheduledFuture<?> deadline =
        watchdog.schedule(
            () -> {
              cut.set(true);
              connection.disconnect();
            },
            timeout.toNanos(),
            TimeUnit.NANOSECONDS);
    try {
      return exchange(connection, json, sent, cut);
    } finally {
      deadline.cancel(false);
    }
  }

  private Outcome exchange(
      HttpURLConnection connection, byte[] json, long sent, AtomicBoolean cut) {
    int status;
    try {
      connection.setRequestMethod("POST");
      connection.setInstanceFollowRedirects(false);
      connection.setConnectTimeout((int) CONNECT_TIMEOUT.toMillis());
      connection.setReadTimeout((int) Math.min(Integer.MAX_VALUE, timeout.toMillis()));
      connection.setRequestProperty("Content-Type", "application/json");
      connection.setRequestProperty("Accept", "text/event-stream");
      endpoint
          .apiKey()
          .ifPresent(key -> connection.setRequestProperty("Authorization", "Bearer " + key));
      connection.setDoOutput(true);
      connection.setFixedLengthStreamingMode(json.length);
      try (OutputStream out = connection.getOutputStream()) {
        out.write(json);
      }
      status = connection.getResponseCode();
    } catch (IOException e) {
      return cut.get() || e instanceof SocketTimeoutException
          ? timedOut()
          : new Outcome.Failed(
              "connection failed", "cannot reach " + location() + ": " + ErrorText.of(e));
    }
    try (InputStream body =
        status == 200 ? connection.getInputStream() : connection.getErrorStream()) {
      Outcome outcome = status == 200 ? read(body, sent) : httpError(status, body);
      return cut.get() ? timedOut() : outcome;
    } catch (IOException e) {
      return cut.get() || e instanceof SocketTimeoutException
          ? timedOut()
          : new Outcome.Failed("broken stream", "the stream broke off: " + ErrorText.of(e));
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
    String text =
        body == null ? "" : new String(body.readNBytes(MAX_ERROR_BODY), StandardCharsets.UTF_8);
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

  @Override
  public void close() {
    watchdog.shutdownNow();
  }
}
