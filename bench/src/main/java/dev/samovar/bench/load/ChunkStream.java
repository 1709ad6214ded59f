package dev.samovar.bench.load;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.samovar.client.ErrorText;
import dev.samovar.client.Json;
import java.util.Arrays;
import java.util.OptionalInt;

/**
 * Reads one chat completion stream (server-sent events) line by line as it arrives and keeps its
 * timeline: the arrival of each chunk with text, of the last chunk, and the usage when the server
 * sends it. Comments, blank lines and fields other than {@code data} are skipped.
 */
final class ChunkStream {
  private final long sentNanos;
  private long[] contentNanos = new long[64];
  private int contentChunks;
  private long lastNanos;
  private OptionalInt promptTokens = OptionalInt.empty();
  private OptionalInt completionTokens = OptionalInt.empty();
  private boolean done;
  private Outcome.Failed failure;

  ChunkStream(long sentNanos) {
    this.sentNanos = sentNanos;
  }

  /**
   * Takes one line that arrived at {@code nanos}.
   *
   * @return whether the stream is over: {@code [DONE]} or an error came
   */
  boolean line(String line, long nanos) {
    if (done || failure != null) {
      return true;
    }
    if (!line.startsWith("data:")) {
      return false;
    }
    String data = line.substring("data:".length()).strip();
    if (data.equals("[DONE]")) {
      done = true;
      return true;
    }
    JsonNode chunk;
    try {
      chunk = Json.MAPPER.readTree(data);
    } catch (JacksonException e) {
      failure = new Outcome.Failed("bad chunk", "a chunk is not JSON: " + ErrorText.snippet(data));
      return true;
    }
    JsonNode error = chunk.path("error");
    if (error.isObject()) {
      String message = error.path("message").asText("");
      failure =
          new Outcome.Failed(
              "error event",
              "the stream sent an error: "
                  + (message.isBlank() ? ErrorText.snippet(data) : ErrorText.oneLine(message)));
      return true;
    }
    lastNanos = nanos;
    JsonNode content = chunk.path("choices").path(0).path("delta").path("content");
    if (content.isTextual() && !content.textValue().isEmpty()) {
      if (contentChunks == contentNanos.length) {
        contentNanos = Arrays.copyOf(contentNanos, contentChunks * 2);
      }
      contentNanos[contentChunks++] = nanos;
    }
    JsonNode usage = chunk.path("usage");
    if (usage.isObject()) {
      promptTokens = count(usage.path("prompt_tokens"));
      completionTokens = count(usage.path("completion_tokens"));
    }
    return false;
  }

  private static OptionalInt count(JsonNode node) {
    return node.canConvertToInt() && node.isIntegralNumber()
        ? OptionalInt.of(node.intValue())
        : OptionalInt.empty();
  }

  /** What the stream came to once its body has ended (or broken off). */
  Outcome outcome() {
    if (failure != null) {
      return failure;
    }
    if (!done) {
      return new Outcome.Failed(
          "broken stream",
          "the stream ended before data: [DONE] after "
              + contentChunks
              + (contentChunks == 1 ? " content chunk" : " content chunks"));
    }
    if (contentChunks == 0) {
      return new Outcome.Failed("no content", "the stream ended without any text");
    }
    boolean counted = completionTokens.isPresent() && completionTokens.getAsInt() >= 1;
    return new Outcome.Completed(
        sentNanos,
        Arrays.copyOf(contentNanos, contentChunks),
        lastNanos,
        promptTokens,
        counted ? completionTokens.getAsInt() : contentChunks,
        counted);
  }
}
