package dev.samovar.training.dataset.select;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalInt;

/**
 * Which languages to select and how many prompts of each: {@code ru=all,en=1000,zh=1000}.
 *
 * @param wants one entry per language, in the order given
 */
public record LangSpec(List<Want> wants) {

  /**
   * One language of the spec.
   *
   * @param lang the ISO 639-1 code
   * @param count how many prompts to select; empty for all there are
   */
  public record Want(String lang, OptionalInt count) {}

  public LangSpec {
    wants = List.copyOf(wants);
    if (wants.isEmpty()) {
      throw new IllegalArgumentException("no language selected");
    }
  }

  /**
   * Parses a comma list of {@code KEY=COUNT|all}, KEY an ISO 639-1 code or English language name in
   * any case.
   *
   * @throws IllegalArgumentException saying which part is wrong
   */
  public static LangSpec parse(String text) {
    List<Want> wants = new ArrayList<>();
    Map<String, String> seen = new HashMap<>();
    for (String part : text.split(",", -1)) {
      int eq = part.indexOf('=');
      if (eq < 0) {
        throw new IllegalArgumentException(
            "'" + part.strip() + "' is not KEY=COUNT or KEY=all (e.g. ru=all,en=1000)");
      }
      String key = part.substring(0, eq).strip();
      String lang =
          Languages.code(key)
              .orElseThrow(
                  () ->
                      new IllegalArgumentException(
                          "unknown language '" + key + "'; known: " + Languages.known()));
      String earlier = seen.putIfAbsent(lang, key);
      if (earlier != null) {
        throw new IllegalArgumentException(
            "language " + lang + " is given twice ('" + earlier + "' and '" + key + "')");
      }
      wants.add(new Want(lang, count(key, part.substring(eq + 1).strip())));
    }
    return new LangSpec(wants);
  }

  /** The codes of the spec, in order. */
  public List<String> langs() {
    return wants.stream().map(Want::lang).toList();
  }

  private static OptionalInt count(String key, String value) {
    if (value.toLowerCase(Locale.ROOT).equals("all")) {
      return OptionalInt.empty();
    }
    int count;
    try {
      count = Integer.parseInt(value);
    } catch (NumberFormatException e) {
      count = 0;
    }
    if (count < 1 || !value.chars().allMatch(Character::isDigit)) {
      throw new IllegalArgumentException(
          "the count for '" + key + "' must be a positive number or 'all', not '" + value + "'");
    }
    return OptionalInt.of(count);
  }
}
