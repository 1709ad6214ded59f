package dev.samovar.bench.mt.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.samovar.bench.mt.Judgment;
import dev.samovar.bench.mt.MtBench;
import dev.samovar.bench.mt.Score;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RadarChartTest {
  private static Judgment rated(String model, int questionId, long score) {
    return new Judgment(questionId, model, "gpt-4", "single-v1", "p", "j", new Score(score), 1);
  }

  @Test
  void drawsAnAxisPerCategoryAndAPolygonPerModel() {
    // Four categories: writing up, roleplay right, reasoning down, math left; radius 170 at 10.
    List<Judgment> judgments = new ArrayList<>();
    judgments.add(rated("a", 81, 10));
    judgments.add(rated("a", 91, 5));
    judgments.add(rated("a", 101, 10));
    judgments.add(rated("a", 111, 0));
    judgments.add(rated("b", 81, 2));
    ScoreTable table = ScoreTable.of(judgments, id -> MtBench.categoryOf(id).orElseThrow());

    String svg = RadarChart.svg(table);

    assertThat(svg)
        .startsWith("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"640\" height=\"560\"")
        .endsWith("</svg>\n")
        .contains("<text x=\"320.0\" y=\"133.6\" text-anchor=\"middle\">writing</text>")
        .contains("text-anchor=\"start\">roleplay</text>")
        .contains("text-anchor=\"middle\">reasoning</text>")
        .contains("text-anchor=\"end\">math</text>")
        .contains(
            "<polygon points=\"320.0,150.0 405.0,320.0 320.0,490.0 320.0,320.0\" fill=\"#1f77b4\"")
        .contains(
            "<polygon points=\"320.0,286.0 320.0,320.0 320.0,320.0 320.0,320.0\" fill=\"#d62728\"")
        .contains("<text x=\"34\" y=\"48.0\">a</text>")
        .contains("<text x=\"34\" y=\"66.0\">b (no rating: roleplay, reasoning, math)</text>");
  }

  @Test
  void aModelWithoutRatingsHasNoPolygon() {
    ScoreTable table =
        ScoreTable.of(
            List.of(new Judgment(81, "tiny", "tiny", "single-v1", "p", "x", Score.UNRATED, 1)),
            id -> "writing");

    String svg = RadarChart.svg(table);

    assertThat(svg).doesNotContain("fill-opacity").contains(">tiny (no ratings)</text>");
  }
}
