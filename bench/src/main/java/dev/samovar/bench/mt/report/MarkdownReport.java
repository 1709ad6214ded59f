package dev.samovar.bench.mt.report;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/** The report as Markdown, with the radar chart as an image next to it ({@code radar.svg}). */
public final class MarkdownReport {
  private MarkdownReport() {}

  public static String render(ScoreTable table, List<PublishedScore> published, String chartFile) {
    StringBuilder md = new StringBuilder();
    md.append("# MT-Bench report\n\n");
    md.append(
        "Single-answer grading as FastChat's llm_judge does it; the means leave out unrated"
            + " judgments (score -1).\n\n");
    md.append("## Scores\n\n");
    table(md, Cells.SCORE_HEADER, Cells.scoreRows(table), Set.of(2, 3, 4, 5, 6, 7));
    List<String> notes = Cells.notes(table);
    if (!notes.isEmpty()) {
      md.append('\n');
      notes.forEach(note -> md.append("- ").append(escape(note)).append('\n'));
    }
    md.append("\n## Per category (mean of both turns)\n\n");
    table(
        md,
        Cells.categoryHeader(table),
        Cells.categoryRows(table),
        IntStream.rangeClosed(1, table.models().size()).boxed().collect(Collectors.toSet()));
    md.append("\n![Per-category scores](").append(chartFile).append(")\n");
    if (!published.isEmpty()) {
      md.append("\n## Published scores (overall; other runs, for reference)\n\n");
      table(md, Cells.PUBLISHED_HEADER, Cells.publishedRows(published), Set.of(3));
    }
    return md.toString();
  }

  private static void table(
      StringBuilder md, List<String> header, List<List<String>> rows, Set<Integer> numberColumns) {
    row(md, header);
    md.append('|');
    for (int c = 0; c < header.size(); c++) {
      md.append(numberColumns.contains(c) ? "---:|" : "---|");
    }
    md.append('\n');
    rows.forEach(row -> row(md, row));
  }

  private static void row(StringBuilder md, List<String> cells) {
    md.append('|');
    cells.forEach(cell -> md.append(' ').append(escape(cell).replace("|", "\\|")).append(" |"));
    md.append('\n');
  }

  /** Keeps Markdown from reading {@code [[rating]]}, stars or underscores as markup. */
  private static String escape(String text) {
    return text.replace("\\", "\\\\")
        .replace("[", "\\[")
        .replace("]", "\\]")
        .replace("*", "\\*")
        .replace("_", "\\_");
  }
}
