package dev.samovar.server.ops;

import dev.samovar.engine.InvalidSettingException;
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
    InvalidSettingException.atLeast("response-cache-size", maxEntries, 0);
    InvalidSettingException.duration("response-cache-ttl", ttl, false, Duration.ofDays(7));
  }
}
