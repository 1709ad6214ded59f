package dev.samovar.bench.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** TTFT, ITL, TPOT, E2E, throughput and goodput on synthetic timelines (times in ms). */
class LevelStatsTest {
  private static final long MS = 1_000_000;

  /** A request sent at {@code sent} ms whose content chunks arrived at {@code chunks} ms. */
  private static Outcome.Completed request(
      long sent, long end, int input, int output, long... chunks) {
    long[] nanos = new long[chunks.length];
    for (int i = 0; i < chunks.length; i++) {
      nanos[i] = chunks[i] * MS;
    }
    return new Outcome.Completed(sent * MS, nanos, end * MS, OptionalInt.of(input), output, true);
  }

  @Test
  void oneRequestsLatencies() {
    Outcome.Completed request = request(0, 170, 10, 4, 100, 110, 130, 160);

    assertThat(request.ttftMs()).isEqualTo(100);
    assertThat(request.e2eMs()).isEqualTo(170);
    assertThat(request.itlMs()).containsExactly(10, 20, 30);
    assertThat(request.tpotMs().getAsDouble()).isCloseTo(70.0 / 3, within(1e-9));
  }

  @Test
  void tpotUsesTheTokenCountNotTheChunkCount() {
    // 2 chunks carried 5 tokens: TPOT = (E2E - TTFT) / (5 - 1), ITL has one gap.
    Outcome.Completed request = request(0, 90, 10, 5, 50, 90);

    assertThat(request.tpotMs().getAsDouble()).isEqualTo(10);
    assertThat(request.itlMs()).containsExactly(40);
    assertThat(request(0, 30, 10, 1, 30).tpotMs()).isEmpty();
  }

  @Test
  void aLevelPoolsItlAndCountsThroughputOverWallTime() {
    List<Outcome> outcomes =
        List.of(
            request(0, 170, 10, 4, 100, 110, 130, 160),
            request(50, 450, 12, 3, 250, 350, 450),
            request(100, 140, 14, 1, 140),
            new Outcome.Failed("HTTP 500", "HTTP 500: boom"),
            new Outcome.Failed("timeout", "slow"),
            new Outcome.Failed("HTTP 500", "HTTP 500: again"));

    LevelStats stats = LevelStats.of(4, outcomes, 2_000 * MS, Optional.empty());

    assertThat(stats.concurrency()).isEqualTo(4);
    assertThat(stats.completed()).isEqualTo(3);
    assertThat(stats.errors()).isEqualTo(3);
    assertThat(stats.errorsByKind())
        .containsExactly(Map.entry("HTTP 500", 2), Map.entry("timeout", 1));
    assertThat(stats.errorExamples())
        .containsExactly(Map.entry("HTTP 500", "HTTP 500: boom"), Map.entry("timeout", "slow"));
    assertThat(stats.durationS()).isEqualTo(2);
    assertThat(stats.requestsPerS()).isEqualTo(1.5);
    assertThat(stats.outputTokensPerS()).isEqualTo(4);
    assertThat(stats.goodputPerS()).isEmpty();
    assertThat(stats.inputTokensMean()).isEqualTo(12);
    assertThat(stats.outputTokensMean()).isCloseTo(8.0 / 3, within(1e-12));
    assertThat(stats.outputTokensSource()).isEqualTo("usage");
    // TTFT 100, 200, 40; E2E 170, 400, 40; ITL 10, 20, 30, 100, 100; TPOT 70/3, 100 (one token:
    // none).
    assertThat(stats.ttftMs()).isEqualTo(Summary.of(new double[] {100, 200, 40}));
    assertThat(stats.e2eMs()).isEqualTo(Summary.of(new double[] {170, 400, 40}));
    assertThat(stats.itlMs()).isEqualTo(Summary.of(new double[] {10, 20, 30, 100, 100}));
    assertThat(stats.tpotMs().count()).isEqualTo(2);
    assertThat(stats.tpotMs().mean()).isCloseTo((70.0 / 3 + 100) / 2, within(1e-9));
  }

  @Test
  void goodputCountsRequestsMeetingEveryObjective() {
    List<Outcome> outcomes =
        List.of(
            request(0, 170, 10, 4, 100, 110, 130, 160), // TTFT 100, TPOT 23.3, E2E 170
            request(0, 400, 10, 3, 200, 300, 400), // TTFT 200: misses ttft_ms=150
            request(0, 40, 10, 1, 40), // one token: no TPOT, meets tpot_ms
            new Outcome.Failed("HTTP 500", "x"));

    LevelStats stats =
        LevelStats.of(1, outcomes, 500 * MS, Optional.of(Slo.parse("ttft_ms=150,tpot_ms=50")));

    assertThat(stats.goodputPerS()).hasValue(4.0);
    assertThat(
            LevelStats.of(1, outcomes, 500 * MS, Optional.of(Slo.parse("tpot_ms=20")))
                .goodputPerS())
        .hasValue(2.0);
  }

  @Test
  void withoutCompletedRequestsTheStatisticsAreMissingNotZero() {
    LevelStats stats =
        LevelStats.of(
            2, List.of(new Outcome.Failed("HTTP 429", "busy")), 1_000 * MS, Optional.empty());

    assertThat(stats.completed()).isZero();
    assertThat(stats.errors()).isEqualTo(1);
    assertThat(stats.requestsPerS()).isZero();
    assertThat(stats.outputTokensMean()).isNaN();
    assertThat(stats.inputTokensMean()).isNaN();
    assertThat(stats.ttftMs().count()).isZero();
    assertThat(stats.outputTokensSource()).isEqualTo("none");
  }

  @Test
  void saysWhereTheOutputCountsCameFrom() {
    Outcome.Completed chunks =
        new Outcome.Completed(0, new long[] {MS}, MS, OptionalInt.empty(), 1, false);
    Outcome.Completed usage = request(0, 1, 5, 1, 1);

    assertThat(LevelStats.of(1, List.of(chunks), MS, Optional.empty()).outputTokensSource())
        .isEqualTo("chunks");
    assertThat(LevelStats.of(1, List.of(chunks, usage), MS, Optional.empty()).outputTokensSource())
        .isEqualTo("mixed");
  }
}
