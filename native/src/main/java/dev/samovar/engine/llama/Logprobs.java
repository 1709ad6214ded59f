package dev.samovar.engine.llama;

import static java.lang.foreign.ValueLayout.JAVA_FLOAT;

import dev.samovar.engine.TokenLogprob;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;

/**
 * Log-probabilities from a row's raw logits: a log-softmax over the whole vocabulary, computed in
 * double with the maximum subtracted first. The engine thread captures a row before sampling
 * changes anything, then asks for the entry of the token it sampled. One scratch array of
 * vocabulary size is allocated on first use and reused.
 */
final class Logprobs {
  private final int size;
  private final IntFunction<byte[]> bytes;
  private float[] logits;
  private double logNormalizer;

  /**
   * @param size the vocabulary's size
   * @param bytes a token's bytes
   */
  Logprobs(int size, IntFunction<byte[]> bytes) {
    this.size = size;
    this.bytes = bytes;
  }

  /** Copies a row's logits ({@code size} floats) and normalises them. */
  void capture(MemorySegment row) {
    if (logits == null) {
      logits = new float[size];
    }
    MemorySegment.copy(row, JAVA_FLOAT, 0, logits, 0, size);
    double max = Double.NEGATIVE_INFINITY;
    for (float logit : logits) {
      max = Math.max(max, logit);
    }
    double sum = 0;
    for (float logit : logits) {
      sum += Math.exp(logit - max);
    }
    logNormalizer = max + Math.log(sum);
  }

  /** The entry of {@code token} with the {@code top} most likely tokens of the captured row. */
  TokenLogprob entry(int token, int top) {
    int[] ids = new int[top];
    float[] best = new float[top];
    int found = 0;
    for (int id = 0; top > 0 && id < logits.length; id++) {
      float logit = logits[id];
      if (found < top || logit > best[found - 1]) {
        int at = found < top ? found++ : top - 1;
        while (at > 0 && logit > best[at - 1]) {
          best[at] = best[at - 1];
          ids[at] = ids[at - 1];
          at--;
        }
        best[at] = logit;
        ids[at] = id;
      }
    }
    List<TokenLogprob.Alternative> alternatives = new ArrayList<>(found);
    for (int i = 0; i < found; i++) {
      alternatives.add(new TokenLogprob.Alternative(ids[i], bytes.apply(ids[i]), logprob(best[i])));
    }
    return new TokenLogprob(token, bytes.apply(token), logprob(logits[token]), alternatives);
  }

  private double logprob(float logit) {
    return logit - logNormalizer;
  }
}
