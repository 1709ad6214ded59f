package dev.samovar.engine.llama;

import java.util.List;

/**
 * Finds stop strings in generated text that arrives in pieces. Text that could be the start of a
 * stop string is held back until the following text decides it; a matched stop string and
 * everything after it is never released.
 */
final class StopMatcher {
  private final List<String> stops;
  private final int longestStop;
  private final StringBuilder held = new StringBuilder();
  private String matched;

  StopMatcher(List<String> stops) {
    this.stops = stops.stream().filter(stop -> !stop.isEmpty()).toList();
    this.longestStop = this.stops.stream().mapToInt(String::length).max().orElse(0);
  }

  /** Adds text; returns the text now known not to belong to a stop string. */
  String accept(String text) {
    if (matched != null) {
      throw new IllegalStateException("a stop string was already matched");
    }
    held.append(text);
    int match = earliestMatch();
    if (match >= 0) {
      String released = held.substring(0, match);
      held.setLength(0);
      return released;
    }
    int keep = longestPossibleStart();
    String released = held.substring(0, held.length() - keep);
    held.delete(0, held.length() - keep);
    return released;
  }

  /** Whether a stop string matched. */
  boolean stopped() {
    return matched != null;
  }

  /** The stop string that matched, or null. */
  String matched() {
    return matched;
  }

  /** Releases the held text; the generation ended without completing a stop string. */
  String flush() {
    String released = held.toString();
    held.setLength(0);
    return released;
  }

  /** Where the earliest stop string starts in the held text (and notes which), or -1. */
  private int earliestMatch() {
    int earliest = -1;
    for (String stop : stops) {
      int at = held.indexOf(stop);
      if (at >= 0 && (earliest < 0 || at < earliest)) {
        earliest = at;
        matched = stop;
      }
    }
    return earliest;
  }

  /** The length of the longest suffix of the held text that begins some stop string. */
  private int longestPossibleStart() {
    for (int length = Math.min(held.length(), longestStop - 1); length > 0; length--) {
      int from = held.length() - length;
      for (String stop : stops) {
        if (stop.length() > length && regionMatches(from, stop, length)) {
          return length;
        }
      }
    }
    return 0;
  }

  private boolean regionMatches(int from, String stop, int length) {
    for (int i = 0; i < length; i++) {
      if (held.charAt(from + i) != stop.charAt(i)) {
        return false;
      }
    }
    return true;
  }
}
