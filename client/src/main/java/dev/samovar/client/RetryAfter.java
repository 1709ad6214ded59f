package dev.samovar.client;

import java.math.BigDecimal;
import java.net.http.HttpHeaders;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * Reads how long a server asks a client to wait: {@code retry-after-ms} (milliseconds, sent by
 * OpenAI) first, then {@code Retry-After} as seconds or an HTTP date. Waits are capped at {@link
 * #MAX} so that a daily quota reset does not stall a run for hours.
 */
public final class RetryAfter {
  /** The longest wait honoured. */
  public static final Duration MAX = Duration.ofMinutes(10);

  private RetryAfter() {}

  /** The wait the headers ask for, or empty when they ask for none or cannot be read. */
  public static Optional<Duration> of(HttpHeaders headers, Instant now) {
    Optional<Duration> millis =
        headers.firstValue("retry-after-ms").flatMap(value -> number(value, 1_000_000));
    if (millis.isPresent()) {
      return millis;
    }
    return headers.firstValue("retry-after").flatMap(value -> seconds(value, now));
  }

  private static Optional<Duration> seconds(String value, Instant now) {
    Optional<Duration> seconds = number(value, 1_000_000_000);
    if (seconds.isPresent()) {
      return seconds;
    }
    try {
      Instant at =
          ZonedDateTime.parse(value.strip(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
      return Optional.of(capped(Duration.between(now, at)));
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }

  /** A non-negative decimal number of units of {@code nanosPerUnit} nanoseconds. */
  private static Optional<Duration> number(String value, long nanosPerUnit) {
    String text = value.strip();
    if (!text.matches("\\d+(\\.\\d+)?")) {
      return Optional.empty();
    }
    BigDecimal nanos = new BigDecimal(text).multiply(BigDecimal.valueOf(nanosPerUnit));
    if (nanos.compareTo(BigDecimal.valueOf(MAX.toNanos())) > 0) {
      return Optional.of(MAX);
    }
    return Optional.of(Duration.ofNanos(nanos.longValue()));
  }

  private static Duration capped(Duration wait) {
    if (wait.isNegative()) {
      return Duration.ZERO;
    }
    return wait.compareTo(MAX) > 0 ? MAX : wait;
  }
}
