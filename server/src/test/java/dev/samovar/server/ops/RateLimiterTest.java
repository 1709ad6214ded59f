package dev.samovar.server.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.samovar.server.error.OverloadedException;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RateLimiterTest {
  private final AtomicLong now = new AtomicLong(1_000_000);

  @Test
  void refusesOverTheLimitUntilTheWindowEnds() {
    RateLimiter limiter = new RateLimiter(2, now::get);
    limiter.acquire("a");
    now.addAndGet(20_000);
    limiter.acquire("a");
    now.addAndGet(10_500);

    assertThatThrownBy(() -> limiter.acquire("a"))
        .isInstanceOfSatisfying(
            OverloadedException.class, e -> assertThat(e.retryAfterSeconds()).isEqualTo(30))
        .hasMessage("Rate limit reached: 2 requests per minute. Retry after 30 seconds.");
    limiter.acquire("b");
    now.addAndGet(29_500);
    limiter.acquire("a");
  }

  @Test
  void zeroMeansNoLimit() {
    RateLimiter limiter = new RateLimiter(0, now::get);

    assertThatCode(
            () -> {
              for (int i = 0; i < 1000; i++) {
                limiter.acquire("a");
              }
            })
        .doesNotThrowAnyException();
  }
}
