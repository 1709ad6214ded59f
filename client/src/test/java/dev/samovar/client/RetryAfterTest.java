package dev.samovar.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpHeaders;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class RetryAfterTest {
  private static final Instant NOW = Instant.parse("2026-01-01T12:00:00Z");

  private static HttpHeaders headers(Map<String, String> values) {
    return HttpHeaders.of(
        values.entrySet().stream()
            .collect(Collectors.toMap(Map.Entry::getKey, entry -> List.of(entry.getValue()))),
        (name, value) -> true);
  }

  @Test
  void readsSeconds() {
    assertThat(RetryAfter.of(headers(Map.of("Retry-After", "7")), NOW))
        .contains(Duration.ofSeconds(7));
    assertThat(RetryAfter.of(headers(Map.of("retry-after", "0.25")), NOW))
        .contains(Duration.ofMillis(250));
    assertThat(RetryAfter.of(headers(Map.of("Retry-After", "0")), NOW)).contains(Duration.ZERO);
  }

  @Test
  void readsAnHttpDate() {
    assertThat(RetryAfter.of(headers(Map.of("Retry-After", "Thu, 01 Jan 2026 12:00:30 GMT")), NOW))
        .contains(Duration.ofSeconds(30));
    assertThat(RetryAfter.of(headers(Map.of("Retry-After", "Thu, 01 Jan 2026 11:00:00 GMT")), NOW))
        .contains(Duration.ZERO);
  }

  @Test
  void preferesOpenAisMilliseconds() {
    assertThat(RetryAfter.of(headers(Map.of("retry-after-ms", "1500", "retry-after", "2")), NOW))
        .contains(Duration.ofMillis(1500));
  }

  @Test
  void capsLongWaits() {
    assertThat(RetryAfter.of(headers(Map.of("Retry-After", "86400")), NOW))
        .contains(RetryAfter.MAX);
    assertThat(RetryAfter.of(headers(Map.of("Retry-After", "Fri, 02 Jan 2026 12:00:00 GMT")), NOW))
        .contains(RetryAfter.MAX);
  }

  @Test
  void ignoresWhatItCannotRead() {
    assertThat(RetryAfter.of(headers(Map.of()), NOW)).isEmpty();
    assertThat(RetryAfter.of(headers(Map.of("Retry-After", "soon")), NOW)).isEmpty();
    assertThat(RetryAfter.of(headers(Map.of("Retry-After", "-3")), NOW)).isEmpty();
  }
}
