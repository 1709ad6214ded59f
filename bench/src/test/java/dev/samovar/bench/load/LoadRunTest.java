package dev.samovar.bench.load;

import static org.assertj.core.api.Assertions.assertThat;

import dev.samovar.bench.openai.Message;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class LoadRunTest {
  private static final Prompts NUMBERED = index -> List.of(Message.user("request " + index));

  private static LoadPlan plan(
      List<Integer> levels, int requests, OptionalDouble rate, int warmup, int rounds) {
    return new LoadPlan(
        levels,
        requests,
        rate,
        7,
        warmup,
        rounds,
        5,
        true,
        0,
        Duration.ofSeconds(10),
        Optional.empty());
  }

  @Test
  void runsEachLevelWithAtMostItsConcurrencyAndLeavesWarmUpOut() throws Exception {
    FakeTarget target = new FakeTarget("a");
    target.requireTogether(2, 3);
    StringWriter progress = new StringWriter();

    List<List<LevelStats>> results =
        new LoadRun(
                plan(List.of(3, 1), 6, OptionalDouble.empty(), 2, 1),
                NUMBERED,
                new PrintWriter(progress))
            .run(List.of(target));

    assertThat(results).hasSize(1);
    assertThat(results.getFirst())
        .extracting(LevelStats::concurrency, LevelStats::completed, LevelStats::errors)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(3, 6, 0),
            org.assertj.core.groups.Tuple.tuple(1, 6, 0));
    assertThat(results.getFirst().getFirst().outputTokensMean()).isEqualTo(5);
    // warm-up requests 0-1, level 3: 2-7; warm-up 8-9, level 1: 10-15
    assertThat(target.texts()).hasSize(16);
    assertThat(target.texts().subList(10, 16))
        .containsExactlyElementsOf(IntStream.range(10, 16).mapToObj(i -> "request " + i).toList());
    assertThat(target.mostInFlight()).isEqualTo(3);
    assertThat(progress.toString())
        .contains("[concurrency 3 warm-up] 2/2 done, 0 errors\n")
        .contains("[concurrency 3] 6/6 done, 0 errors\n")
        .contains("[concurrency 1] 6/6 done, 0 errors\n");
  }

  @Test
  void comparedTargetsAlternateWhoGoesFirstAndGetTheSamePrompts() throws Exception {
    List<String> order = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
    FakeTarget a =
        new FakeTarget(
            "a",
            request -> {
              order.add("A");
              return FakeTarget.completed(7, 5);
            });
    FakeTarget b =
        new FakeTarget(
            "b",
            request -> {
              order.add("B");
              return new Outcome.Failed("HTTP 503", "down");
            });

    List<List<LevelStats>> results =
        new LoadRun(
                plan(List.of(1), 2, OptionalDouble.empty(), 0, 2),
                NUMBERED,
                new PrintWriter(new StringWriter()))
            .run(List.of(a, b));

    assertThat(String.join("", order)).isEqualTo("AABBBBAA");
    assertThat(a.texts()).isEqualTo(b.texts());
    assertThat(results.get(0).getFirst().completed()).isEqualTo(4);
    assertThat(results.get(1).getFirst().completed()).isZero();
    assertThat(results.get(1).getFirst().errorsByKind()).containsEntry("HTTP 503", 4);
  }

  @Test
  void aRateSpacesArrivalsAndStillSendsEveryRequest() throws Exception {
    FakeTarget target = new FakeTarget("a");

    List<List<LevelStats>> results =
        new LoadRun(
                plan(List.of(2), 5, OptionalDouble.of(1000), 0, 1),
                NUMBERED,
                new PrintWriter(new StringWriter()))
            .run(List.of(target));

    assertThat(results.getFirst().getFirst().completed()).isEqualTo(5);
    assertThat(target.mostInFlight()).isLessThanOrEqualTo(2);
  }
}
