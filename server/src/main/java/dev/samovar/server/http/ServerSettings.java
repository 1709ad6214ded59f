package dev.samovar.server.http;

import dev.samovar.engine.InvalidSettingException;
import dev.samovar.engine.SamplingParams;
import dev.samovar.server.api.SamplingFields;
import java.time.Duration;

/**
 * Server-wide request defaults and limits.
 *
 * @param temperature used when a request has no temperature
 * @param topP used when a request has no top_p
 * @param keepAlive how long a stream may stay silent before a {@code : ping} comment is sent (which
 *     also finds clients that left while their request waits)
 * @param requestTimeout how long a request may take from its arrival, queueing included
 * @param queueSize how many generations may wait for a sequence; more are refused with 429
 * @param requestThreads how many requests are answered at once, each on a thread of its own that a
 *     stream holds to its end; more wait for a thread. Enough for every admitted generation and the
 *     requests beside them.
 */
public record ServerSettings(
    double temperature,
    double topP,
    Duration keepAlive,
    Duration requestTimeout,
    int queueSize,
    int requestThreads) {

  /** The longest keep-alive interval or request timeout. */
  public static final Duration WEEK = Duration.ofDays(7);

  /**
   * Temperature 0.6, top_p 0.9, a ping after 10 silent seconds, a 600-second deadline, 4 waiting
   * generations (four per sequence of a one-sequence engine), 64 request threads.
   */
  public static final ServerSettings DEFAULTS =
      new ServerSettings(0.6, 0.9, Duration.ofSeconds(10), Duration.ofSeconds(600), 4, 64);

  public ServerSettings {
    InvalidSettingException.require(
        temperature >= 0 && temperature <= 2, "temperature", "must be in [0, 2]: " + temperature);
    InvalidSettingException.require(topP > 0 && topP <= 1, "top-p", "must be in (0, 1]: " + topP);
    InvalidSettingException.duration("keep-alive", keepAlive, false, WEEK);
    InvalidSettingException.duration("request-timeout", requestTimeout, false, WEEK);
    InvalidSettingException.atLeast("queue-size", queueSize, 0);
    InvalidSettingException.atLeast("request-threads", requestThreads, 1);
  }

  /** These settings with another keep-alive interval. */
  public ServerSettings withKeepAlive(Duration value) {
    return new ServerSettings(temperature, topP, value, requestTimeout, queueSize, requestThreads);
  }

  /** These settings with another request timeout. */
  public ServerSettings withRequestTimeout(Duration value) {
    return new ServerSettings(temperature, topP, keepAlive, value, queueSize, requestThreads);
  }

  /** These settings with another queue size. */
  public ServerSettings withQueueSize(int value) {
    return new ServerSettings(temperature, topP, keepAlive, requestTimeout, value, requestThreads);
  }

  /**
   * The sampling of choice {@code choice}: the request's values, these defaults for temperature and
   * top_p, neutral values for the other stages, and the request's seed plus the choice index.
   */
  public SamplingParams sampling(SamplingFields fields, int choice) {
    return SamplingParams.builder()
        .temperature(orElse(fields.temperature(), temperature))
        .topP(orElse(fields.topP(), topP))
        .topK(fields.topK() != null ? fields.topK() : 0)
        .minP(orElse(fields.minP(), 0))
        .repeatPenalty(orElse(fields.repeatPenalty(), 1))
        .frequencyPenalty(orElse(fields.frequencyPenalty(), 0))
        .presencePenalty(orElse(fields.presencePenalty(), 0))
        .logitBias(fields.logitBias())
        .seed(fields.seed() == null ? null : fields.seed() + choice)
        .build();
  }

  private static double orElse(Double value, double fallback) {
    return value != null ? value : fallback;
  }
}
