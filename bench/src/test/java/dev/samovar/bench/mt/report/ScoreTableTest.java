package dev.samovar.bench.mt.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.samovar.bench.mt.Judgment;
import dev.samovar.bench.mt.MtBench;
import dev.samovar.bench.mt.Score;
import dev.samovar.bench.testing.RecordedJudgments;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

class ScoreTableTest {
  private static String category(int id) {
    return MtBench.categoryOf(id).orElseThrow();
  }

  @Test
  void readsTheRatingsOfRecordedJudgeOutputs() {
    assertThat(RecordedJudgments.load())
        .extracting(j -> j.model() + " " + j.questionId() + "/" + j.turn() + " " + j.score())
        .containsExactly(
            "samovar 81/1 8",
            "samovar 81/2 7.5",
            "samovar 111/1 10",
            "samovar 111/2 3",
            "samovar 131/1 -1",
            "samovar 131/2 -1",
            "gpt-3.5-turbo 81/1 9",
            "gpt-3.5-turbo 81/2 11",
            "gpt-3.5-turbo 111/1 6",
            "gpt-3.5-turbo 111/2 5.5",
            "gpt-3.5-turbo 131/1 7",
            "gpt-3.5-turbo 131/2 8");
  }

  @Test
  void meansLeaveOutUnratedJudgmentsAndCountThem() {
    ScoreTable table = ScoreTable.of(RecordedJudgments.load(), ScoreTableTest::category);

    assertThat(table.categories()).containsExactly("writing", "math", "extraction");
    assertThat(table.models())
        .extracting(ModelScores::model)
        .containsExactly("gpt-3.5-turbo", "samovar");

    ModelScores gpt = table.models().get(0);
    assertThat(gpt.judge()).isEqualTo("gpt-4");
    assertThat(gpt.turn1().getAsDouble()).isCloseTo(22 / 3.0, within(1e-12));
    assertThat(gpt.turn2().getAsDouble()).isCloseTo(24.5 / 3, within(1e-12));
    assertThat(gpt.overall()).hasValue(7.75);
    assertThat(gpt.judgments()).isEqualTo(6);
    assertThat(gpt.unrated()).isZero();
    assertThat(gpt.outsideScale()).isEqualTo(1);
    assertThat(gpt.categories())
        .containsExactly(
            Map.entry("writing", OptionalDouble.of(10.0)),
            Map.entry("math", OptionalDouble.of(5.75)),
            Map.entry("extraction", OptionalDouble.of(7.5)));

    ModelScores samovar = table.models().get(1);
    assertThat(samovar.turn1()).hasValue(9.0);
    assertThat(samovar.turn2()).hasValue(5.25);
    assertThat(samovar.overall()).hasValue(7.125);
    assertThat(samovar.judgments()).isEqualTo(6);
    assertThat(samovar.unrated()).isEqualTo(2);
    assertThat(samovar.outsideScale()).isZero();
    assertThat(samovar.categories())
        .containsExactly(
            Map.entry("writing", OptionalDouble.of(7.75)),
            Map.entry("math", OptionalDouble.of(6.5)),
            Map.entry("extraction", OptionalDouble.empty()));
  }

  private static Judgment judgment(String model, String judge, int id, int turn, Score score) {
    return new Judgment(id, model, judge, "single-v1", "p", "j", score, turn);
  }

  @Test
  void aModelWithoutAnyRatingHasNoMeansAndComesLast() {
    ScoreTable table =
        ScoreTable.of(
            List.of(
                judgment("tiny", "tiny", 81, 1, Score.UNRATED),
                judgment("tiny", "tiny", 81, 2, Score.UNRATED),
                judgment("other", "tiny", 81, 1, new Score(2L))),
            ScoreTableTest::category);

    assertThat(table.models()).extracting(ModelScores::model).containsExactly("other", "tiny");
    ModelScores tiny = table.models().get(1);
    assertThat(tiny.turn1()).isEmpty();
    assertThat(tiny.turn2()).isEmpty();
    assertThat(tiny.overall()).isEmpty();
    assertThat(tiny.unrated()).isEqualTo(2);
    assertThat(tiny.categories()).containsExactly(Map.entry("writing", OptionalDouble.empty()));
  }

  @Test
  void aModelGradedByTwoJudgesGetsARowPerJudge() {
    ScoreTable table =
        ScoreTable.of(
            List.of(
                judgment("m", "gpt-4", 81, 1, new Score(8L)),
                judgment("m", "gpt-4o", 81, 1, new Score(6L)),
                judgment("n", "gpt-4", 81, 1, new Score(7L))),
            ScoreTableTest::category);

    assertThat(table.models())
        .extracting(table::label)
        .containsExactly("m (gpt-4)", "n", "m (gpt-4o)");
  }
}
