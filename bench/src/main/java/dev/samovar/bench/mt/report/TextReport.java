package dev.samovar.bench.mt.report;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/** The report as plain text for a terminal. */
public final class TextReport {
  private TextReport() {}

  public static String render(ScoreTable table, List<PublishedScore> published) {
    StringBuilder text = new StringBuilder();
    text.append("MT-Bench scores (single-answer grading; means leave out unrated judgments)\n\n");
    text.append(
        TextTable.render(Cells.SCORE_HEADER, Cells.scoreRows(table), Set.of(2, 3, 4, 5, 6, 7)));
    List<String> notes = Cells.notes(table);
    if (!notes.isEmpty()) {
      text.append('\n');
      notes.forEach(note -> text.append(note).append('\n'));
    }
    text.append("\nPer category (mean of both turns)\n\n");
    text.append(
        TextTable.render(
            Cells.categoryHeader(table),
            Cells.categoryRows(table),
            IntStream.rangeClosed(1, table.models().size()).boxed().collect(Collectors.toSet())));
    if (!published.isEmpty()) {
      text.append("\nPublished scores (overall; other runs, for reference)\n\n");
      text.append(
          TextTable.render(Cells.PUBLISHED_HEADER, Cells.publishedRows(published), Set.of(3)));
    }
    return text.toString();
  }
}
