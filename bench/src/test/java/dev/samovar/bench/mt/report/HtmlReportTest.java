package dev.samovar.bench.mt.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.samovar.bench.mt.Judgment;
import dev.samovar.bench.mt.MtBench;
import dev.samovar.bench.mt.Score;
import dev.samovar.bench.testing.RecordedJudgments;
import java.util.List;
import org.junit.jupiter.api.Test;

class HtmlReportTest {
  @Test
  void isOnePageWithTablesTheChartAndLinkedSources() {
    ScoreTable table =
        ScoreTable.of(RecordedJudgments.load(), id -> MtBench.categoryOf(id).orElseThrow());
    String chart = RadarChart.svg(table);

    String html = HtmlReport.render(table, PublishedScores.forSet("ru-lightblue"), chart);

    assertThat(html)
        .startsWith("<!DOCTYPE html>\n<html lang=\"en\">\n")
        .endsWith("</body>\n</html>\n");
    assertThat(html)
        .contains(
            "<tr><td>gpt-3.5-turbo</td><td>gpt-4</td><td class=\"number\">7.33</td>"
                + "<td class=\"number\">8.17</td><td class=\"number\">7.75</td>"
                + "<td class=\"number\">6</td><td class=\"number\">0</td><td class=\"number\">1</td></tr>")
        .contains(
            "<li>samovar: 2 of 6 judgments have no rating (score -1: the judge wrote no [[rating]],"
                + " or its call failed); the means leave them out.</li>")
        .contains(
            "<tr><td>extraction</td><td class=\"number\">7.50</td><td class=\"number\">n/a</td></tr>")
        .contains("<figure>\n" + chart + "</figure>\n")
        .contains(
            "<td>the model samovar serves, <a href=\"https://huggingface.co/ruslandev/llama-3-8b-gpt-4o-ru1.0\">"
                + "https://huggingface.co/ruslandev/llama-3-8b-gpt-4o-ru1.0</a></td>");
  }

  @Test
  void escapesModelNames() {
    ScoreTable table =
        ScoreTable.of(
            List.of(new Judgment(81, "<b>&'\"", "gpt-4", "single-v1", "p", "j", new Score(5L), 1)),
            id -> "writing");

    String html = HtmlReport.render(table, List.of(), RadarChart.svg(table));

    assertThat(html).contains("<td>&lt;b&gt;&amp;&#39;&quot;</td>").doesNotContain("<b>&");
    assertThat(html).doesNotContain("Published");
  }
}
