package dev.samovar.bench.load;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * The shape of a load run.
 *
 * @param concurrency the levels: the most requests in flight, in the order run
 * @param requests measured requests per level (and target and round)
 * @param rate Poisson arrivals at this many requests per second, capped by the level; empty sends
 *     each request as soon as a slot is free
 * @param seed the seed of the arrival times and of the synthetic words
 * @param warmup requests sent before each level and not measured
 * @param rounds how many times each level is measured on each target, alternating their order
 * @param outputTokens max_tokens of every request
 * @param ignoreEos whether requests ask to generate past end-of-generation tokens
 * @param temperature the sampling temperature
 * @param timeout the most time one request may take
 * @param slo objectives for goodput, if any
 */
public record LoadPlan(
    List<Integer> concurrency,
    int requests,
    OptionalDouble rate,
    long seed,
    int warmup,
    int rounds,
    int outputTokens,
    boolean ignoreEos,
    double temperature,
    Duration timeout,
    Optional<Slo> slo) {
  public LoadPlan {
    concurrency = List.copyOf(concurrency);
    Objects.requireNonNull(rate, "rate");
    Objects.requireNonNull(timeout, "timeout");
    Objects.requireNonNull(slo, "slo");
    if (concurrency.isEmpty() || concurrency.stream().anyMatch(level -> level < 1)) {
      throw new IllegalArgumentException("concurrency levels must be >= 1: " + concurrency);
    }
    if (requests < 1) {
      throw new IllegalArgumentException("requests must be >= 1: " + requests);
    }
    if (rate.isPresent() && !(rate.getAsDouble() > 0 && Double.isFinite(rate.getAsDouble()))) {
      throw new IllegalArgumentException("rate must be > 0: " + rate.getAsDouble());
    }
    if (warmup < 0) {
      throw new IllegalArgumentException("warm-up requests must be >= 0: " + warmup);
    }
    if (rounds < 1) {
      throw new IllegalArgumentException("rounds must be >= 1: " + rounds);
    }
    if (outputTokens < 1) {
      throw new IllegalArgumentException("output tokens must be >= 1: " + outputTokens);
    }
    if (!(temperature >= 0 && temperature <= 2)) {
      throw new IllegalArgumentException("temperature must be in [0, 2]: " + temperature);
    }
  }

  /** The highest level. */
  public int maxConcurrency() {
    return concurrency.stream().mapToInt(Integer::intValue).max().orElseThrow();
  }
}
