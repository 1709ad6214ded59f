package dev.samovar.training.dataset.select;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.Map;

/** The per-language table a selection prints when it is done. */
final class Summary {
  private static final String ROW = "%-5s %-12s %8s %9s %6s %8s %10s %9s %6s %8s%n";

  private Summary() {}

  /** Prints a row per language asked for, one for the other rows and the totals. */
  static void print(
      PrintWriter out, LangSpec spec, Map<String, LanguageCounts> counts, LanguageCounts other) {
    out.printf(
        Locale.ROOT,
        ROW,
        "lang",
        "language",
        "read",
        "malformed",
        "empty",
        "too long",
        "duplicates",
        "available",
        "wanted",
        "selected");
    LanguageCounts total = new LanguageCounts();
    for (LangSpec.Want want : spec.wants()) {
      LanguageCounts c = counts.get(want.lang());
      total.add(c);
      String wanted = want.count().isPresent() ? Long.toString(want.count().getAsInt()) : "all";
      row(out, want.lang(), Languages.name(want.lang()).orElseThrow(), c, wanted);
    }
    out.printf(
        Locale.ROOT, ROW, "-", "other", other.read, other.malformed, "-", "-", "-", "-", "-", "-");
    total.add(other);
    out.printf(
        Locale.ROOT,
        ROW,
        "",
        "total",
        total.read,
        total.malformed,
        total.empty,
        total.tooLong,
        total.duplicates,
        total.available,
        "",
        total.selected);
    for (LangSpec.Want want : spec.wants()) {
      LanguageCounts c = counts.get(want.lang());
      if (want.count().isPresent() && c.selected < want.count().getAsInt()) {
        out.printf(
            Locale.ROOT,
            "%s: %d wanted, only %d available%n",
            want.lang(),
            want.count().getAsInt(),
            c.available);
      }
    }
  }

  private static void row(
      PrintWriter out, String lang, String name, LanguageCounts c, String wanted) {
    out.printf(
        Locale.ROOT,
        ROW,
        lang,
        name,
        c.read,
        c.malformed,
        c.empty,
        c.tooLong,
        c.duplicates,
        c.available,
        wanted,
        c.selected);
  }
}
