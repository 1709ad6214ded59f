package dev.samovar.bench.mt.report;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/** The report as one self-contained HTML page with the radar chart inline. */
public final class HtmlReport {
  private HtmlReport() {}

  public static String render(ScoreTable table, List<PublishedScore> published, String chartSvg) {
    StringBuilder html = new StringBuilder();
    html.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
        .append("<title>MT-Bench report</title>\n<style>\n")
        .append("body { font-family: sans-serif; margin: 2em; color: #222; }\n")
        .append("table { border-collapse: collapse; margin: 1em 0; }\n")
        .append("th, td { border: 1px solid #ccc; padding: 4px 10px; }\n")
        .append("td.number { text-align: right; font-variant-numeric: tabular-nums; }\n")
        .append("</style>\n</head>\n<body>\n<h1>MT-Bench report</h1>\n")
        .append("<p>Single-answer grading as FastChat's llm_judge does it; the means leave out")
        .append(" unrated judgments (score -1).</p>\n<h2>Scores</h2>\n");
    table(html, Cells.SCORE_HEADER, Cells.scoreRows(table), Set.of(2, 3, 4, 5, 6, 7), false);
    List<String> notes = Cells.notes(table);
    if (!notes.isEmpty()) {
      html.append("<ul>\n");
      notes.forEach(note -> html.append("<li>").append(Xml.escape(note)).append("</li>\n"));
      html.append("</ul>\n");
    }
    html.append("<h2>Per category (mean of both turns)</h2>\n");
    table(
        html,
        Cells.categoryHeader(table),
        Cells.categoryRows(table),
        IntStream.rangeClosed(1, table.models().size()).boxed().collect(Collectors.toSet()),
        false);
    html.append("<figure>\n").append(chartSvg).append("</figure>\n");
    if (!published.isEmpty()) {
      html.append("<h2>Published scores (overall; other runs, for reference)</h2>\n");
      table(html, Cells.PUBLISHED_HEADER, Cells.publishedRows(published), Set.of(3), true);
    }
    html.append("</body>\n</html>\n");
    return html.toString();
  }

  private static void table(
      StringBuilder html,
      List<String> header,
      List<List<String>> rows,
      Set<Integer> numberColumns,
      boolean linkLastColumn) {
    html.append("<table>\n<tr>");
    header.forEach(cell -> html.append("<th>").append(Xml.escape(cell)).append("</th>"));
    html.append("</tr>\n");
    for (List<String> row : rows) {
      html.append("<tr>");
      for (int c = 0; c < row.size(); c++) {
        html.append(numberColumns.contains(c) ? "<td class=\"number\">" : "<td>");
        String cell = row.get(c);
        if (linkLastColumn && c == row.size() - 1) {
          html.append(linked(cell));
        } else {
          html.append(Xml.escape(cell));
        }
        html.append("</td>");
      }
      html.append("</tr>\n");
    }
    html.append("</table>\n");
  }

  /** The cell's text with its trailing https URL as a link. */
  private static String linked(String cell) {
    int at = cell.lastIndexOf("https://");
    if (at < 0) {
      return Xml.escape(cell);
    }
    String url = cell.substring(at);
    return Xml.escape(cell.substring(0, at))
        + "<a href=\""
        + Xml.escape(url)
        + "\">"
        + Xml.escape(url)
        + "</a>";
  }
}
