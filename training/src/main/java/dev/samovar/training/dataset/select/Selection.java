package dev.samovar.training.dataset.select;

import dev.samovar.training.TrainingException;
import dev.samovar.training.dataset.PromptRecord;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Selects prompts from rows fed in input order: rows of the languages asked for are checked
 * (malformed, empty, duplicate, over budget) and the rest sampled per language; rows of other
 * languages are only counted.
 */
final class Selection {
  private static final Pattern WHITESPACE =
      Pattern.compile("\\s+", Pattern.UNICODE_CHARACTER_CLASS);

  private final LangSpec spec;
  private final long seed;
  private final Budget budget;
  private final boolean strict;
  private final PrintWriter err;
  private final Map<String, LanguageCounts> counts = new LinkedHashMap<>();
  private final LanguageCounts other = new LanguageCounts();
  private final Map<String, List<Ranked>> candidates = new HashMap<>();
  private final Map<String, FirstUse> firstUses = new HashMap<>();
  private final Set<List<String>> seen = new HashSet<>();

  private record Ranked(long rank, SourceRow row) {}

  private record FirstUse(long number, List<String> key) {}

  /**
   * @param spec the languages and counts to select
   * @param seed the sampling seed
   * @param budget the most a prompt may hold
   * @param strict whether a malformed row fails the selection
   * @param err where malformed rows are reported, one {@code FILE:LINE: reason} a row
   */
  Selection(LangSpec spec, long seed, Budget budget, boolean strict, PrintWriter err) {
    this.spec = spec;
    this.seed = seed;
    this.budget = budget;
    this.strict = strict;
    this.err = err;
    for (String lang : spec.langs()) {
      counts.put(lang, new LanguageCounts());
      candidates.put(lang, new ArrayList<>());
    }
  }

  /**
   * Takes one row.
   *
   * @param where the file name, for messages
   * @param number the row's line (JSONL) or row (Parquet) number
   * @param json the row
   * @throws TrainingException for a malformed row when strict
   */
  void accept(String where, long number, String json) {
    SourceRow row;
    try {
      row = RowParser.parse(json);
    } catch (MalformedRowException e) {
      malformed(where + ":" + number + ": " + e.getMessage(), e.lang());
      return;
    }
    LanguageCounts language = counts.get(row.lang());
    if (language == null) {
      other.read++;
      return;
    }
    List<String> key = row.turns().stream().map(Selection::normalize).toList();
    FirstUse first = firstUses.get(row.id());
    if (first != null && !first.key().equals(key)) {
      malformed(
          where
              + ":"
              + number
              + ": conversation_id \""
              + row.id()
              + "\" already used at "
              + where
              + ":"
              + first.number()
              + " with other turns",
          row.lang());
      return;
    }
    language.read++;
    if (first != null) {
      language.duplicates++;
      return;
    }
    firstUses.put(row.id(), new FirstUse(number, key));
    if (row.empty()) {
      language.empty++;
    } else if (!seen.add(key)) {
      language.duplicates++;
    } else if (!budget.fits(row.turns())) {
      language.tooLong++;
    } else {
      language.available++;
      candidates.get(row.lang()).add(new Ranked(SeededOrder.rank(seed, row.id()), row));
    }
  }

  /**
   * The selected prompts, sorted by language code and id.
   *
   * @return the records; the counts are complete afterwards
   */
  List<PromptRecord> finish() {
    List<PromptRecord> records = new ArrayList<>();
    for (LangSpec.Want want : spec.wants()) {
      List<Ranked> ranked = candidates.get(want.lang());
      ranked.sort(
          Comparator.comparing(Ranked::rank, Long::compareUnsigned)
              .thenComparing(r -> r.row().id()));
      int take = Math.min(ranked.size(), want.count().orElse(Integer.MAX_VALUE));
      String name = Languages.name(want.lang()).orElseThrow();
      for (Ranked r : ranked.subList(0, take)) {
        records.add(new PromptRecord(r.row().id(), name, want.lang(), r.row().turns()));
      }
      counts.get(want.lang()).selected = take;
    }
    records.sort(Comparator.comparing(PromptRecord::lang).thenComparing(PromptRecord::id));
    return records;
  }

  /** The counts of each language asked for, in the spec's order. */
  Map<String, LanguageCounts> counts() {
    return counts;
  }

  /** The counts of rows in other languages, and of malformed rows whose language is unknown. */
  LanguageCounts other() {
    return other;
  }

  private void malformed(String message, String lang) {
    if (strict) {
      throw new TrainingException(message + " (--strict)");
    }
    err.println(message);
    LanguageCounts language = lang == null ? null : counts.get(lang);
    LanguageCounts target = language == null ? other : language;
    target.read++;
    target.malformed++;
  }

  private static String normalize(String turn) {
    return WHITESPACE.matcher(turn.strip()).replaceAll(" ");
  }
}
