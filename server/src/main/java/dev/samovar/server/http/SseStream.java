package dev.samovar.server.http;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.samovar.engine.EngineException;
import dev.samovar.engine.GenerationHandle;
import dev.samovar.engine.GenerationResult;
import dev.samovar.server.api.ChatCompletionChunks;
import dev.samovar.server.api.FinishReasons;
import dev.samovar.server.api.Json;
import dev.samovar.server.api.Usage;
import dev.samovar.server.error.ErrorMapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes one generation as server-sent events on the request's own thread, the stream's only
 * writer: each event is {@code data: <one-line JSON>\n\n}, flushed at once. A failed write means
 * the client left, and cancels the generation. An engine failure is sent in-stream as an error
 * object, without {@code [DONE]}.
 */
final class SseStream {
  private static final Logger LOG = LoggerFactory.getLogger(SseStream.class);
  private static final byte[] DONE = "data: [DONE]\n\n".getBytes(UTF_8);
  private static final byte[] KEEP_ALIVE = ": keep-alive\n\n".getBytes(UTF_8);

  private final GenerationEvents events;
  private final GenerationHandle handle;
  private final ChatCompletionChunks chunks;
  private final Duration keepAlive;

  SseStream(
      GenerationEvents events,
      GenerationHandle handle,
      ChatCompletionChunks chunks,
      Duration keepAlive) {
    this.events = events;
    this.handle = handle;
    this.chunks = chunks;
    this.keepAlive = keepAlive;
  }

  /** Sends the 200 header and every event until the generation ends or the client leaves. */
  void writeTo(HttpServletResponse response) throws InterruptedException {
    response.setStatus(200);
    response.setContentType("text/event-stream");
    response.setHeader("Cache-Control", "no-cache");
    try {
      OutputStream out = response.getOutputStream();
      send(out, data(chunks.role()));
      while (true) {
        switch (events.poll(keepAlive)) {
          case null -> send(out, KEEP_ALIVE);
          case GenerationEvents.Text text -> send(out, data(chunks.content(text.text())));
          case GenerationEvents.Completed completed -> {
            finish(out, completed.result());
            return;
          }
          case GenerationEvents.Failed failed -> {
            send(out, error(failed.error()));
            return;
          }
        }
      }
    } catch (IOException e) {
      handle.cancel();
      LOG.info("Client left during a stream; its generation is cancelled ({})", e.toString());
    }
  }

  private void finish(OutputStream out, GenerationResult result) throws IOException {
    String finishReason;
    try {
      finishReason = FinishReasons.wire(result.finishReason());
    } catch (EngineException e) {
      send(out, error(e));
      return;
    }
    send(out, data(chunks.finish(finishReason)));
    if (chunks.includeUsage()) {
      send(out, data(chunks.usage(Usage.of(result))));
    }
    send(out, DONE);
  }

  private static byte[] error(EngineException error) throws JsonProcessingException {
    return data(ErrorMapper.map(error).body());
  }

  private static byte[] data(Object event) throws JsonProcessingException {
    return ("data: " + Json.MAPPER.writeValueAsString(event) + "\n\n").getBytes(UTF_8);
  }

  private static void send(OutputStream out, byte[] event) throws IOException {
    out.write(event);
    out.flush();
  }
}
