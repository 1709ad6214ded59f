package dev.samovar.server.http;

import dev.samovar.engine.SamplingParams;
import dev.samovar.server.api.ChatRequest;
import java.time.Duration;
import java.util.Objects;

/**
 * Server-wide request defaults.
 *
 * @param temperature used when a request has no temperature
 * @param topP used when a request has no top_p
 * @param keepAlive how long a stream may stay silent before a keep-alive comment is sent (which
 *     also finds clients that left while their request waits)
 */
public record ServerSettings(double temperature, double topP, Duration keepAlive) {

  /** Temperature 0.6, top_p 0.9, a keep-alive comment after 10 silent seconds. */
  public static final ServerSettings DEFAULTS =
      new ServerSettings(0.6, 0.9, Duration.ofSeconds(10));

  public ServerSettings {
    if (!(temperature >= 0 && temperature <= 2)) {
      throw new IllegalArgumentException("temperature must be in [0, 2]: " + temperature);
    }
    if (!(topP > 0 && topP <= 1)) {
      throw new IllegalArgumentException("top_p must be in (0, 1]: " + topP);
    }
    Objects.requireNonNull(keepAlive, "keepAlive");
    if (keepAlive.isNegative() || keepAlive.isZero()) {
      throw new IllegalArgumentException("keep-alive interval must be positive: " + keepAlive);
    }
  }

  /** The request's sampling values, with these defaults for the ones it does not set. */
  public SamplingParams sampling(ChatRequest request) {
    return new SamplingParams(
        request.temperature() != null ? request.temperature() : temperature,
        request.topP() != null ? request.topP() : topP,
        request.seed());
  }
}
