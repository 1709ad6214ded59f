package dev.samovar.server.ops;

import com.github.benmanes.caffeine.cache.Caffeine;
import dev.samovar.server.error.OverloadedException;
import java.time.Duration;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * A per-client request-rate limit over fixed one-minute windows; a client over its limit gets 429
 * with {@code Retry-After} set to the seconds left in its window. Windows of clients silent for a
 * minute are dropped, and at most {@value #MAX_CLIENTS} are kept.
 */
public final class RateLimiter {
  private static final long WINDOW_MILLIS = 60_000;
  private static final long MAX_CLIENTS = 100_000;

  private final int perMinute;
  private final LongSupplier clock;
  private final Map<String, Window> windows =
      Caffeine.newBuilder()
          .maximumSize(MAX_CLIENTS)
          .expireAfterAccess(Duration.ofMillis(WINDOW_MILLIS))
          .<String, Window>build()
          .asMap();

  private record Window(long start, int count) {}

  /** At most {@code perMinute} requests a minute per client; 0 means no limit. */
  public RateLimiter(int perMinute, LongSupplier clockMillis) {
    this.perMinute = perMinute;
    this.clock = clockMillis;
  }

  /**
   * Counts a request of {@code client}.
   *
   * @throws OverloadedException when the client is over its limit
   */
  public void acquire(String client) {
    if (perMinute == 0) {
      return;
    }
    long now = clock.getAsLong();
    Window window =
        windows.compute(
            client,
            (key, current) ->
                current == null || now - current.start() >= WINDOW_MILLIS
                    ? new Window(now, 1)
                    : new Window(current.start(), current.count() + 1));
    if (window.count() > perMinute) {
      long retryAfter = Math.max(1, (window.start() + WINDOW_MILLIS - now + 999) / 1000);
      throw new OverloadedException(
          "Rate limit reached: "
              + perMinute
              + " requests per minute. Retry after "
              + retryAfter
              + " seconds.",
          (int) retryAfter);
    }
  }
}
