package dev.samovar.server.http;

import dev.samovar.server.error.InvalidRequestException;
import dev.samovar.server.error.OverloadedException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Admission control: counts the generations in flight (running and waiting; a request with n
 * choices counts n) against the engine's sequences plus a bounded wait queue. A request that does
 * not fit is refused at once, never queued without bound.
 */
final class Admission {
  /** What 429 answers advise; a sequence frees up within a few steps. */
  static final int RETRY_AFTER_SECONDS = 1;

  private final int queueSize;
  private final AtomicInteger inFlight = new AtomicInteger();

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
        throw new OverloadedException(
            "The server is busy ("
                + sequences
                + " generations running, "
                + queueSize
                + " waiting, the most it holds). Retry after "
                + RETRY_AFTER_SECONDS
                + " second.",
            RETRY_AFTER_SECONDS);
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
}
