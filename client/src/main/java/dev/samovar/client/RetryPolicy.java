package dev.samovar.client;

import java.time.Duration;
import java.util.Objects;

/**
 * How often a request is tried and how long to wait between tries when the server does not say (a
 * {@code Retry-After} header wins). FastChat's llm_judge tries 16 times, 10 s apart.
 *
 * @param attempts tries in all, at least 1
 * @param pause the pause after a failed try without {@code Retry-After}
 */
public record RetryPolicy(int attempts, Duration pause) {
  public RetryPolicy {
    Objects.requireNonNull(pause, "pause");
    if (attempts < 1) {
      throw new IllegalArgumentException("attempts must be >= 1: " + attempts);
    }
    if (pause.isNegative()) {
      throw new IllegalArgumentException("pause must be >= 0: " + pause);
    }
  }

  /**
   * The policy of the {@code --retries} and {@code --retry-wait} (seconds, at most an hour)
   * command-line options.
   *
   * @throws IllegalArgumentException naming the option that is out of range
   */
  public static RetryPolicy fromOptions(int retries, double retryWaitSeconds) {
    if (retries < 1) {
      throw new IllegalArgumentException("--retries must be >= 1: " + retries);
    }
    if (!(retryWaitSeconds >= 0 && retryWaitSeconds <= 3600)) {
      throw new IllegalArgumentException(
          "--retry-wait must be in [0, 3600] seconds: " + retryWaitSeconds);
    }
    return new RetryPolicy(retries, Duration.ofMillis(Math.round(retryWaitSeconds * 1000)));
  }
}
