package dev.samovar.server.http;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.samovar.engine.EngineException;
import dev.samovar.engine.GenerationResult;
import dev.samovar.engine.TokenLogprob;
import dev.samovar.server.api.CompletionFormat;
import dev.samovar.server.api.Usage;
import dev.samovar.server.error.ErrorMapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes a run as server-sent events on the request's own thread, the stream's only writer: each
 * event is {@code data: <one-line JSON>\n\n}, flushed at once, and a {@code : ping} comment goes
 * out whenever the stream has been silent for the keep-alive interval (while queued, during a long
 * prompt). Choices interleave, each with its own finish chunk. A failed write, or the connection
 * found closed while no event comes (asked every 250 ms, so that a client that leaves while its
 * generation waits for a sequence is gone before it would start), means the client left and cancels
 * every choice. Failures after the 200 header are sent in-stream as an error object, without {@code
 * [DONE]}.
 */
final class SseResponse {
  private static final Logger LOG = LoggerFactory.getLogger(SseResponse.class);
  private static final byte[] DONE = "data: [DONE]\n\n".getBytes(UTF_8);
  private static final byte[] PING = ": ping\n\n".getBytes(UTF_8);

  private final GenerationRun run;
  private final CompletionFormat format;
  private final Duration keepAlive;
  private final ClientConnection client;
  private final Duration probe;
  private long lastSentNanos = System.nanoTime();
  private final List<List<TokenLogprob>> pending = new ArrayList<>();
  private final DeltaEvents deltas;

  SseResponse(
      GenerationRun run, CompletionFormat format, Duration keepAlive, ClientConnection client) {
    this.run = run;
    this.format = format;
    this.keepAlive = keepAlive;
    this.client = client;
    this.probe = keepAlive.compareTo(JsonResponse.PROBE) < 0 ? keepAlive : JsonResponse.PROBE;
    this.deltas = format.plainDeltas() ? new DeltaEvents(format) : null;
  }

  /** Sends the 200 header and every event until the run ends or the client leaves. */
  void writeTo(HttpServletResponse response) throws InterruptedException {
    response.setStatus(200);
    response.setContentType("text/event-stream");
    response.setHeader("Cache-Control", "no-cache");
    boolean ended = false;
    try {
      OutputStream out = response.getOutputStream();
      for (int i = 0; i < run.choices(); i++) {
        pending.add(new ArrayList<>());
        for (ObjectNode chunk : format.opening(i)) {
          out.write(event(chunk));
        }
      }
      response.flushBuffer();
      stream(out);
      // Completes the response before the handler returns, so that a graceful shutdown, which
      // waits for handlers, never cuts the stream's end.
      out.close();
      ended = true;
    } catch (IOException e) {
      LOG.info("Client left during a stream; its generation is cancelled ({})", e.toString());
    } finally {
      if (!ended) {
        run.cancel();
      }
    }
  }

  private void stream(OutputStream out) throws IOException, InterruptedException {
    int choices = run.choices();
    GenerationResult[] results = new GenerationResult[choices];
    List<Integer> timedOutEmpty = new ArrayList<>();
    int finished = 0;
    while (finished < choices) {
      switch (run.next(probe)) {
        case null -> {
          if (client.gone()) {
            throw new IOException("the client closed the connection");
          }
          if (System.nanoTime() - lastSentNanos >= keepAlive.toNanos()) {
            send(out, PING);
          }
        }
        case GenerationRun.Delta delta -> {
          List<TokenLogprob> tokens = pending.get(delta.index());
          tokens.addAll(delta.delta().logprobs());
          String text = delta.delta().text();
          if (text.isEmpty()) {
            continue;
          }
          if (deltas != null) {
            send(out, deltas.event(delta.index(), text));
            continue;
          }
          List<ObjectNode> chunks = format.delta(delta.index(), text, List.copyOf(tokens));
          for (ObjectNode chunk : chunks) {
            send(out, event(chunk));
          }
          if (!chunks.isEmpty()) {
            tokens.clear();
          }
        }
        case GenerationRun.Completed completed -> {
          results[completed.index()] = completed.result();
          finished++;
          if (run.timedOutEmpty(completed.result())) {
            timedOutEmpty.add(completed.index());
          } else if (!finish(out, completed.index(), completed.result())) {
            return;
          }
        }
        case GenerationRun.Failed failed -> {
          run.cancel();
          send(out, error(failed.error()));
          return;
        }
      }
    }
    if (timedOutEmpty.size() == choices) {
      send(out, error(run.timeoutError()));
      return;
    }
    for (int index : timedOutEmpty) {
      finish(out, index, results[index]);
    }
    for (ObjectNode chunk : format.closing(Usage.of(Arrays.asList(results)))) {
      send(out, event(chunk));
    }
    if (!format.namedEvents()) {
      send(out, DONE);
    }
  }

  /** Sends a choice's finish chunk; false when it could only send an error instead. */
  private boolean finish(OutputStream out, int index, GenerationResult result) throws IOException {
    String reason;
    try {
      reason = run.finishReason(result);
    } catch (EngineException e) {
      run.cancel();
      send(out, error(e));
      return false;
    }
    List<TokenLogprob> tokens = List.copyOf(pending.get(index));
    for (ObjectNode chunk : format.finish(index, reason, result.stopSequence(), tokens)) {
      send(out, event(chunk));
    }
    pending.get(index).clear();
    return true;
  }

  private byte[] error(RuntimeException error) throws IOException {
    Object body = format.errorBody(ErrorMapper.map(error));
    return format.namedEvents() ? SseEvents.named("error", body) : SseEvents.data(body);
  }

  private byte[] event(ObjectNode chunk) throws IOException {
    return format.namedEvents()
        ? SseEvents.named(chunk.get("type").asText(), chunk)
        : SseEvents.data(chunk);
  }

  private void send(OutputStream out, byte[] event) throws IOException {
    out.write(event);
    out.flush();
    lastSentNanos = System.nanoTime();
  }
}
