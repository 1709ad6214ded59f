package dev.samovar.bench.load;

import java.util.List;

/** A table as aligned plain text, every column right-aligned (they hold numbers). */
final class Table {
  private Table() {}

  static String render(List<String> header, List<List<String>> rows) {
    int[] widths = new int[header.size()];
    for (int c = 0; c < widths.length; c++) {
      widths[c] = header.get(c).length();
      for (List<String> row : rows) {
        widths[c] = Math.max(widths[c], row.get(c).length());
      }
    }
    StringBuilder text = new StringBuilder();
    line(text, header, widths);
    rows.forEach(row -> line(text, row, widths));
    return text.toString();
  }

  private static void line(StringBuilder text, List<String> cells, int[] widths) {
    for (int c = 0; c < cells.size(); c++) {
      if (c > 0) {
        text.append("  ");
      }
      text.append(" ".repeat(widths[c] - cells.get(c).length())).append(cells.get(c));
    }
    text.append('\n');
  }
}
