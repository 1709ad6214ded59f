package dev.samovar.bench.mt.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.samovar.bench.mt.MtBench;
import dev.samovar.bench.testing.RecordedJudgments;
import java.util.List;
import org.junit.jupiter.api.Test;

class TextReportTest {
  private static ScoreTable table() {
    return ScoreTable.of(RecordedJudgments.load(), id -> MtBench.categoryOf(id).orElseThrow());
  }

  @Test
  void printsScoresNotesCategoriesAndPublishedRows() {
    assertThat(TextReport.render(table(), PublishedScores.forSet("ru-lightblue")))
        .isEqualTo(
            """
            MT-Bench scores (single-answer grading; means leave out unrated judgments)

            model          judge  turn 1  turn 2  overall  judgments  unrated (-1)  outside 1-10
            -----          -----  ------  ------  -------  ---------  ------------  ------------
            gpt-3.5-turbo  gpt-4    7.33    8.17     7.75          6             0             1
            samovar        gpt-4    9.00    5.25     7.13          6             2             0

            gpt-3.5-turbo: 1 rating is outside 1-10; it is kept in the means, as FastChat keeps them.
            samovar: 2 of 6 judgments have no rating (score -1: the judge wrote no [[rating]], or its call failed); the means leave them out.

            Per category (mean of both turns)

            category    gpt-3.5-turbo  samovar
            --------    -------------  -------
            writing             10.00     7.75
            math                 5.75     6.50
            extraction           7.50      n/a

            Published scores (overall; other runs, for reference)

            set           model                                     judge        overall  source
            ---           -----                                     -----        -------  ------
            ru-lightblue  gpt-3.5-turbo                             gpt-4-turbo     7.94  lightblue, https://huggingface.co/lightblue/suzume-llama-3-8B-multilingual
            ru-lightblue  ruslandev/llama-3-8b-gpt-4o-ru1.0         gpt-4-turbo     8.12  the model samovar serves, https://huggingface.co/ruslandev/llama-3-8b-gpt-4o-ru1.0
            ru-lightblue  lightblue/suzume-llama-3-8B-multilingual  gpt-4-turbo     8.19  lightblue, https://huggingface.co/lightblue/suzume-llama-3-8B-multilingual
            ru-lightblue  Nexusflow/Starling-LM-7B-beta             gpt-4-turbo     8.06  8.28 on the Suzume card, https://huggingface.co/ruslandev/llama-3-8b-gpt-4o-ru1.0
            """);
  }

  @Test
  void leavesThePublishedSectionOutWhenThereAreNone() {
    assertThat(TextReport.render(table(), List.of())).doesNotContain("Published");
  }
}
