package dev.samovar.server.http;

import dev.samovar.server.error.InvalidRequestException;
import dev.samovar.server.error.OverloadedException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Admission control: counts the generations in flight (running and waiting; a request with n
 * choices counts n) against the engine's sequences plus a bounded wait queue. A request that does
 * not fit is refused at once, never queued without bound, with the seconds after which places
 * should be free: generations end at about one per (recent generation time / sequences), so the
 * places missing take that long each; 1 s before any generation has ended, at most 60 s.
 */
final class Admission {
  static final int MIN_RETRY_AFTER_SECONDS = 1;
  static final int MAX_RETRY_AFTER_SECONDS = 60;

  /** Weight of the latest generation in the moving average of generation times. */
  private static final double SMOOTHING = 0.2;

  private final int queueSize;
  private final AtomicInteger inFlight = new AtomicInteger();
  private double generationSeconds = Double.NaN;

  /**
   * @param queueSize how many generations may wait for a sequence
   */
  Admission(int queueSize) {
    this.queueSize = queueSize;
  }

  int queueSize() {
    return queueSize;
  }

  /**
   * Takes {@code count} places; each is given back with {@link #release} when its generation ends.
   *
   * @param sequences how many generations the engine runs at once
   * @throws InvalidRequestException when {@code count} exceeds what the server can ever hold
   * @throws OverloadedException when the places are taken now
   */
  void acquire(int count, int sequences) {
    int capacity = sequences + queueSize;
    if (count > capacity) {
      throw new InvalidRequestException(
          "Invalid value for 'n': "
              + count
              + "; this server holds at most "
              + capacity
              + " generations at once ("
              + sequences
              + " running, "
              + queueSize
              + " waiting).",
          "n");
    }
    while (true) {
      int current = inFlight.get();
      if (current + count > capacity) {
        int retryAfter = retryAfterSeconds(current + count - capacity, sequences);
        throw new OverloadedException(
            "The server is busy ("
                + sequences
                + " generations running, "
                + queueSize
                + " waiting, the most it holds). Retry after "
                + retryAfter
                + (retryAfter == 1 ? " second." : " seconds."),
            retryAfter);
      }
      if (inFlight.compareAndSet(current, current + count)) {
        return;
      }
    }
  }

  /** Gives back {@code count} places. */
  void release(int count) {
    inFlight.addAndGet(-count);
  }

  /**
   * Gives back the place of a generation that ran to its end in {@code time} (from getting a
   * sequence to its last token), which counts towards the advised wait.
   */
  void release(Duration time) {
    synchronized (this) {
      double seconds = time.toNanos() / 1e9;
      generationSeconds =
          Double.isNaN(generationSeconds)
              ? seconds
              : SMOOTHING * seconds + (1 - SMOOTHING) * generationSeconds;
    }
    release(1);
  }

  /** The seconds until {@code missing} places should be free. */
  synchronized int retryAfterSeconds(int missing, int sequences) {
    if (Double.isNaN(generationSeconds)) {
      return MIN_RETRY_AFTER_SECONDS;
    }
    double seconds = Math.ceil(missing * generationSeconds / sequences);
    return (int) Math.max(MIN_RETRY_AFTER_SECONDS, Math.min(MAX_RETRY_AFTER_SECONDS, seconds));
  }
}
