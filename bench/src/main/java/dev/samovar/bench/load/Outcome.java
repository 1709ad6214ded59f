package dev.samovar.bench.load;

import java.util.Objects;
import java.util.OptionalDouble;
import java.util.OptionalInt;

/** What one measured request came to: a completed stream with its timeline, or a failure. */
public sealed interface Outcome {
  /**
   * A request that streamed to its end.
   *
   * @param sentNanos {@link System#nanoTime()} when it was sent
   * @param contentNanos arrival of each chunk that carried text, in order (at least one)
   * @param endNanos arrival of the last chunk (the usage chunk when there is one)
   * @param inputTokens prompt tokens as the target counted them, when it said
   * @param outputTokens completion tokens: the target's count when {@code counted}, else the number
   *     of content chunks
   * @param counted whether {@code outputTokens} is the target's own count (usage) rather than
   *     chunks
   */
  record Completed(
      long sentNanos,
      long[] contentNanos,
      long endNanos,
      OptionalInt inputTokens,
      int outputTokens,
      boolean counted)
      implements Outcome {
    public Completed {
      Objects.requireNonNull(inputTokens, "inputTokens");
      contentNanos = contentNanos.clone();
      if (contentNanos.length == 0) {
        throw new IllegalArgumentException("a completed request has at least one content chunk");
      }
      if (endNanos < contentNanos[contentNanos.length - 1] || contentNanos[0] < sentNanos) {
        throw new IllegalArgumentException("chunk times out of order");
      }
      if (outputTokens < 1) {
        throw new IllegalArgumentException("output tokens must be >= 1: " + outputTokens);
      }
    }

    @Override
    public long[] contentNanos() {
      return contentNanos.clone();
    }

    /** Time to first token: send until the first content chunk. */
    public double ttftMs() {
      return millis(contentNanos[0] - sentNanos);
    }

    /** End-to-end latency: send until the last chunk. */
    public double e2eMs() {
      return millis(endNanos - sentNanos);
    }

    /** The gaps between successive content chunks. */
    public double[] itlMs() {
      double[] gaps = new double[contentNanos.length - 1];
      for (int i = 1; i < contentNanos.length; i++) {
        gaps[i - 1] = millis(contentNanos[i] - contentNanos[i - 1]);
      }
      return gaps;
    }

    /** Time per output token after the first: (E2E - TTFT) / (tokens - 1); none for one token. */
    public OptionalDouble tpotMs() {
      return outputTokens < 2
          ? OptionalDouble.empty()
          : OptionalDouble.of((e2eMs() - ttftMs()) / (outputTokens - 1));
    }

    private static double millis(long nanos) {
      return nanos / 1e6;
    }
  }

  /**
   * A request that failed.
   *
   * @param kind what kind of failure, used to count failures alike ("HTTP 500", "timeout")
   * @param message one line saying what happened
   */
  record Failed(String kind, String message) implements Outcome {
    public Failed {
      Objects.requireNonNull(kind, "kind");
      Objects.requireNonNull(message, "message");
    }
  }
}
