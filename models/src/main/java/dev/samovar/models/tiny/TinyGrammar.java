package dev.samovar.models.tiny;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The next-token scores the tiny model is built to produce, in logits before the final norm's
 * per-position scale.
 *
 * <p>Every token has a bias: Russian words with a leading space 6, punctuation 3, other
 * whole-character tokens 2, {@code <|eot_id|>} -20, all other tokens (lone bytes of multi-byte
 * characters, partial emoji, other control tokens, ASCII control characters) -150. A designated
 * token (a spaced Russian word, a reply or sentence starter, punctuation, "\n", "\n\n") also raises
 * the scores of its successors to a target: {@link #TOP} for the two (sometimes three or four) it
 * prefers equally, {@link #SECOND} and {@link #MINOR} for less likely ones. After ".", "!" or "?"
 * the successor " Я" gets {@link #TOP} and {@code <|eot_id|>} {@link #TOP} minus {@link #EOT_GAP}.
 * Ties are broken by a small context term (see {@link TinyWeights}).
 */
final class TinyGrammar {
  static final double TOP = 12;
  static final double SECOND = 11;
  static final double MINOR = 10.5;
  static final double EOT_GAP = 0.3;

  static final double WORD_BIAS = 6;
  static final double PUNCTUATION_BIAS = 3;
  static final double TEXT_BIAS = 2;
  static final double EOT_BIAS = -20;
  static final double BLOCKED_BIAS = -150;

  static final List<String> PUNCTUATION = List.of(".", ",", "!", "?");
  static final List<String> ENDERS = List.of(".", "!", "?");

  /** A raised successor score: after {@code from}, token {@code to} scores {@code target}. */
  record Edge(int from, int to, double target) {}

  private final double[] bias;
  private final Map<Integer, Integer> designated = new LinkedHashMap<>();
  private final List<Edge> edges = new ArrayList<>();
  private final boolean[] contextual;
  private final int eot;
  private final int eotPartner;

  private TinyGrammar(TinyVocab vocab) {
    int n = vocab.size();
    bias = new double[n];
    contextual = new boolean[n];
    eot = vocab.id(TinyVocab.EOT);
    List<Integer> words = new ArrayList<>();
    for (String w : TinyVocab.RUSSIAN_WORDS) {
      words.add(vocab.id(" " + w));
    }
    for (int id = 0; id < n; id++) {
      bias[id] = vocab.isWholeCharacters(id) ? TEXT_BIAS : BLOCKED_BIAS;
    }
    words.forEach(id -> bias[id] = WORD_BIAS);
    PUNCTUATION.forEach(p -> bias[vocab.id(p)] = PUNCTUATION_BIAS);
    bias[eot] = EOT_BIAS;

    int count = words.size();
    for (int i = 0; i < count; i++) {
      int from = words.get(i);
      edge(from, words.get((i + 1) % count), TOP);
      edge(from, words.get((i + 7) % count), TOP);
      edge(from, words.get((i + 20) % count), SECOND);
      if (i % 5 == 2 || i % 5 == 4) {
        edge(from, vocab.id("."), TOP);
      }
      if (i % 6 == 2) {
        edge(from, vocab.id("!"), MINOR);
      }
      if (i % 6 == 5) {
        edge(from, vocab.id("?"), MINOR);
      }
      if (i % 4 == 1) {
        edge(from, vocab.id(","), MINOR);
      }
    }
    List<String> starters = TinyVocab.REPLY_STARTERS;
    for (int k = 0; k < starters.size(); k++) {
      int from = vocab.id(starters.get(k));
      edge(from, words.get((5 * k + 3) % count), TOP);
      edge(from, words.get((5 * k + 29) % count), TOP);
      edge(from, words.get((5 * k + 17) % count), SECOND);
      if (k < 3) {
        edge(from, vocab.id(","), SECOND);
      }
    }
    List<String> sentenceStarters = TinyVocab.SENTENCE_STARTERS;
    for (int k = 0; k < sentenceStarters.size(); k++) {
      int from = vocab.id(sentenceStarters.get(k));
      edge(from, words.get((11 * k + 5) % count), TOP);
      edge(from, words.get((11 * k + 40) % count), TOP);
      edge(from, words.get((11 * k + 23) % count), SECOND);
    }
    eotPartner = vocab.id(" Я");
    for (String ender : ENDERS) {
      int from = vocab.id(ender);
      edge(from, eotPartner, TOP);
      edge(from, eot, TOP - EOT_GAP);
      edge(from, vocab.id(" Мы"), SECOND);
      edge(from, vocab.id(" Это"), SECOND);
    }
    int comma = vocab.id(",");
    edge(comma, words.get(9), TOP);
    edge(comma, words.get(15), TOP);
    edge(comma, words.get(33), TOP);
    edge(comma, words.get(26), SECOND);
    for (String newline : List.of("\n", "\n\n")) {
      int from = vocab.id(newline);
      for (int k = 0; k < 4; k++) {
        edge(from, vocab.id(starters.get(k)), TOP);
      }
      edge(from, vocab.id(starters.get(5)), SECOND);
    }
    for (Edge e : edges) {
      if (e.to() != eot) {
        contextual[e.to()] = true;
      }
    }
    words.forEach(id -> contextual[id] = true);
  }

  static TinyGrammar of(TinyVocab vocab) {
    return new TinyGrammar(vocab);
  }

  /** Bias of every token. */
  double bias(int id) {
    return bias[id];
  }

  /** The designated tokens (those with successors), each with its index 0, 1, ... */
  Map<Integer, Integer> designated() {
    return Collections.unmodifiableMap(designated);
  }

  List<Edge> edges() {
    return List.copyOf(edges);
  }

  /** Whether the token's score has a context term. */
  boolean isContextual(int id) {
    return contextual[id];
  }

  int eot() {
    return eot;
  }

  /** The token whose context term {@code <|eot_id|>} shares: the top successor of an ender. */
  int eotPartner() {
    return eotPartner;
  }

  private void edge(int from, int to, double target) {
    designated.putIfAbsent(from, designated.size());
    edges.add(new Edge(from, to, target));
  }
}
