package dev.samovar.server.ops;

import dev.samovar.engine.FinishReason;
import dev.samovar.engine.GenerationResult;
import dev.samovar.engine.Timings;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * The metric updates of the generation path: per token (the inter-token histogram and the request's
 * output text) and per finished generation (counters and histograms).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class ServerMetricsBenchmark {
  private final ServerMetrics metrics = new ServerMetrics("tiny", () -> null, () -> null);
  private final RequestStats stats = new RequestStats(false);
  private final Duration gap = Duration.ofMillis(42);
  private final Duration e2e = Duration.ofMillis(2_500);
  private final GenerationResult result =
      new GenerationResult(
          FinishReason.LENGTH,
          128,
          0,
          64,
          new Timings(Duration.ofMillis(3), Duration.ofMillis(180), Duration.ofMillis(2_300)),
          null);

  /** One text delta: the inter-token latency and the request's output. */
  @Benchmark
  public void perToken() {
    metrics.interToken(gap);
    stats.output(" самовар");
  }

  /** One finished generation. */
  @Benchmark
  public void perGeneration() {
    metrics.finished("length", result, e2e);
  }

  /** One answered HTTP request. */
  @Benchmark
  public void perRequest() {
    metrics.request("/v1/chat/completions", 200);
  }
}
