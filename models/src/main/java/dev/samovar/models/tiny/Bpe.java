package dev.samovar.models.tiny;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Byte-level BPE over token spellings as llama.cpp applies it to one pre-token: start from single
 * bytes, repeatedly merge the adjacent pair of lowest rank (leftmost first) until none is a merge.
 */
public final class Bpe {
  private final Map<String, Integer> ranks = new HashMap<>();
  private final List<String> merges = new ArrayList<>();

  /** Adds a merge with the next rank. */
  public void add(String left, String right) {
    String merge = left + " " + right;
    if (ranks.putIfAbsent(merge, merges.size()) != null) {
      throw new IllegalArgumentException("duplicate merge '" + merge + "'");
    }
    merges.add(merge);
  }

  /** The merges, lowest rank first, as "left right". */
  public List<String> merges() {
    return List.copyOf(merges);
  }

  /** The symbols BPE makes of one pre-token's spelling. */
  public List<String> apply(String spelling) {
    List<String> symbols = new ArrayList<>();
    for (int i = 0; i < spelling.length(); i++) {
      symbols.add(String.valueOf(spelling.charAt(i)));
    }
    while (symbols.size() > 1) {
      int best = -1;
      int bestRank = Integer.MAX_VALUE;
      for (int i = 0; i + 1 < symbols.size(); i++) {
        Integer rank = ranks.get(symbols.get(i) + " " + symbols.get(i + 1));
        if (rank != null && rank < bestRank) {
          bestRank = rank;
          best = i;
        }
      }
      if (best < 0) {
        break;
      }
      symbols.set(best, symbols.get(best) + symbols.remove(best + 1));
    }
    return symbols;
  }
}
