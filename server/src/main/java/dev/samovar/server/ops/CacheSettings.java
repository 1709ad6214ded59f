package dev.samovar.server.ops;

import java.time.Duration;

/**
 * The exact-response cache's bounds.
 *
 * @param maxEntries the most answers kept; 0 turns the cache off
 * @param ttl how long an answer is kept
 */
public record CacheSettings(long maxEntries, Duration ttl) {
  /** No response cache. */
  public static final CacheSettings OFF = new CacheSettings(0, Duration.ofMinutes(10));

  public CacheSettings {
    if (maxEntries < 0) {
      throw new IllegalArgumentException("the cache size must be >= 0: " + maxEntries);
    }
    if (ttl.isNegative() || ttl.isZero()) {
      throw new IllegalArgumentException("the cache TTL must be positive: " + ttl);
    }
  }
}
