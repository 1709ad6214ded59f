package dev.samovar.bench.mt.report;

import java.util.List;
import java.util.Set;

/** A table as aligned plain text: number columns right-aligned, the others left-aligned. */
public final class TextTable {
  private TextTable() {}

  /** The header, a rule of dashes under it, and the rows; {@code numberColumns} by index. */
  public static String render(
      List<String> header, List<List<String>> rows, Set<Integer> numberColumns) {
    int[] widths = new int[header.size()];
    for (int c = 0; c < widths.length; c++) {
      widths[c] = header.get(c).length();
      for (List<String> row : rows) {
        widths[c] = Math.max(widths[c], row.get(c).length());
      }
    }
    StringBuilder text = new StringBuilder();
    line(text, header, widths, numberColumns);
    line(
        text,
        header.stream().map(cell -> "-".repeat(cell.length())).toList(),
        widths,
        numberColumns);
    rows.forEach(row -> line(text, row, widths, numberColumns));
    return text.toString();
  }

  private static void line(
      StringBuilder text, List<String> cells, int[] widths, Set<Integer> numberColumns) {
    StringBuilder line = new StringBuilder();
    for (int c = 0; c < cells.size(); c++) {
      if (c > 0) {
        line.append("  ");
      }
      String cell = cells.get(c);
      String pad = " ".repeat(widths[c] - cell.length());
      line.append(numberColumns.contains(c) ? pad + cell : cell + pad);
    }
    text.append(line.toString().stripTrailing()).append('\n');
  }
}
