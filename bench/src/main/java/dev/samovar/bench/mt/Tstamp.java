package dev.samovar.bench.mt;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * FastChat's {@code tstamp}: seconds since the epoch with microseconds, like Python's time.time().
 */
final class Tstamp {
  private Tstamp() {}

  static BigDecimal of(Instant time) {
    return BigDecimal.valueOf(time.getEpochSecond())
        .add(BigDecimal.valueOf(time.getNano() / 1000, 6));
  }
}
