package dev.samovar.models.tiny;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * The tiny model's weights, F32, built from fixed seeds so that they are the same on every run.
 *
 * <p>The residual stream has {@value #EMBD} dimensions: dimension 0 holds the constant {@value
 * #BIAS_VALUE} in every token's embedding (the bias channel); dimension 1 is 1 for message text and
 * 0 for the chat template's frame (control tokens, role names, "\n\n"; the text flag); dimensions
 * 2-247 hold the token's identity, a vector of norm 2 (the designated tokens of {@link TinyGrammar}
 * get orthogonal axes, the others random directions in the remaining axes); dimensions 248-255 hold
 * the context. No layer writes anywhere but the context dimensions, so after the last layer the
 * bias channel and the identity are still the current token's.
 *
 * <p>In each layer one attention head attends from every position to the message text before it
 * (its query reads the bias channel, its key the text flag, in the RoPE pair that barely rotates)
 * and so averages it; its values are a random projection of the identity, written to four context
 * dimensions. The feed-forward blocks are small random maps from identity and context into the
 * context dimensions. The output layer turns the bias channel into each token's bias, the identity
 * into the successor scores of the current token, and the context into a term of a few logits for
 * the words and punctuation; {@code <|eot_id|>} shares the context term of " Я". The final RMS norm
 * scales all logits of a position alike, so it never changes their order.
 */
final class TinyWeights {
  static final int EMBD = 256;
  static final int LAYERS = 2;
  static final int HEADS = 4;
  static final int KV_HEADS = 2;
  static final int HEAD_DIM = EMBD / HEADS;
  static final int FFN = 256;
  static final float BIAS_VALUE = 4;

  private static final int FLAG = 1;
  private static final int IDENTITY = 2;
  private static final int CONTEXT = 248;
  private static final int IDENTITY_DIMS = CONTEXT - IDENTITY;
  private static final int CONTEXT_PER_LAYER = 4;
  private static final float IDENTITY_NORM = 2;

  /** Norm of each token's context weights: the context term stays within a few logits. */
  private static final double CONTEXT_WEIGHT = 1.5;

  /** Query and key weight of the averaging head: a text key scores about 8. */
  private static final float QK = 1.145f;

  /** The RoPE pair whose rotation over 8192 positions stays under 0.03 radians. */
  private static final int STILL_DIM = HEAD_DIM - 2;

  private static final long SEED = 0x5A30BA4L;

  private final TinyVocab vocab;
  private final TinyGrammar grammar;
  private final float[][] identity;
  private final float referenceRms;

  private TinyWeights(TinyVocab vocab, TinyGrammar grammar) {
    this.vocab = vocab;
    this.grammar = grammar;
    if (grammar.designated().size() > IDENTITY_DIMS / 2) {
      throw new IllegalStateException(
          grammar.designated().size() + " designated tokens leave too few identity axes");
    }
    identity = identities();
    referenceRms =
        (float)
            StrictMath.sqrt(
                (BIAS_VALUE * BIAS_VALUE + 1 + IDENTITY_NORM * IDENTITY_NORM) / (double) EMBD);
  }

  static TinyWeights of(TinyVocab vocab, TinyGrammar grammar) {
    return new TinyWeights(vocab, grammar);
  }

  /** A tensor: dimensions, fastest first, and its values in that layout. */
  record Tensor(String name, long[] ne, float[] data) {}

  /** All tensors, in file order. */
  List<Tensor> tensors() {
    long vocabSize = vocab.size();
    List<Tensor> tensors = new ArrayList<>();
    tensors.add(new Tensor("token_embd.weight", new long[] {EMBD, vocabSize}, embeddings()));
    long kv = KV_HEADS * HEAD_DIM;
    for (int layer = 0; layer < LAYERS; layer++) {
      String p = "blk." + layer + ".";
      Random random = new Random(SEED + 100 + layer);
      tensors.add(new Tensor(p + "attn_norm.weight", new long[] {EMBD}, ones(EMBD)));
      tensors.add(new Tensor(p + "attn_q.weight", new long[] {EMBD, EMBD}, query(layer)));
      tensors.add(new Tensor(p + "attn_k.weight", new long[] {EMBD, kv}, key(layer)));
      tensors.add(new Tensor(p + "attn_v.weight", new long[] {EMBD, kv}, value(layer)));
      tensors.add(
          new Tensor(p + "attn_output.weight", new long[] {EMBD, EMBD}, attentionOutput(layer)));
      tensors.add(new Tensor(p + "ffn_norm.weight", new long[] {EMBD}, ones(EMBD)));
      tensors.add(new Tensor(p + "ffn_gate.weight", new long[] {EMBD, FFN}, feedForwardIn(random)));
      tensors.add(new Tensor(p + "ffn_up.weight", new long[] {EMBD, FFN}, feedForwardIn(random)));
      tensors.add(
          new Tensor(p + "ffn_down.weight", new long[] {FFN, EMBD}, feedForwardDown(random)));
    }
    tensors.add(new Tensor("output_norm.weight", new long[] {EMBD}, ones(EMBD)));
    tensors.add(new Tensor("output.weight", new long[] {EMBD, vocabSize}, output()));
    return tensors;
  }

  private float[][] identities() {
    int n = vocab.size();
    int designated = grammar.designated().size();
    float[][] vectors = new float[n][];
    Random random = new Random(SEED);
    for (int id = 0; id < n; id++) {
      float[] v = new float[IDENTITY_DIMS];
      Integer axis = grammar.designated().get(id);
      if (axis != null) {
        v[axis] = IDENTITY_NORM;
      } else {
        double norm = 0;
        double[] g = new double[IDENTITY_DIMS];
        for (int d = designated; d < IDENTITY_DIMS; d++) {
          g[d] = random.nextGaussian();
          norm += g[d] * g[d];
        }
        double scale = IDENTITY_NORM / StrictMath.sqrt(norm);
        for (int d = designated; d < IDENTITY_DIMS; d++) {
          v[d] = (float) (g[d] * scale);
        }
      }
      vectors[id] = v;
    }
    return vectors;
  }

  private float[] embeddings() {
    float[] e = new float[EMBD * vocab.size()];
    for (int id = 0; id < vocab.size(); id++) {
      int row = id * EMBD;
      e[row] = BIAS_VALUE;
      e[row + FLAG] = vocab.isTemplate(id) ? 0 : 1;
      System.arraycopy(identity[id], 0, e, row + IDENTITY, IDENTITY_DIMS);
    }
    return e;
  }

  /** The averaging head of layer 0 is query head 0 (kv head 0), of layer 1 query head 2. */
  private static int head(int layer) {
    return layer * 2;
  }

  private static int kvHead(int layer) {
    return head(layer) / (HEADS / KV_HEADS);
  }

  private float[] query(int layer) {
    float[] w = new float[EMBD * EMBD];
    w[(head(layer) * HEAD_DIM + STILL_DIM) * EMBD] = QK;
    return w;
  }

  private float[] key(int layer) {
    float[] w = new float[EMBD * KV_HEADS * HEAD_DIM];
    w[(kvHead(layer) * HEAD_DIM + STILL_DIM) * EMBD + FLAG] = QK;
    return w;
  }

  private float[] value(int layer) {
    float[] w = new float[EMBD * KV_HEADS * HEAD_DIM];
    Random random = new Random(SEED + 10 + layer);
    double std = 1.0 / 14;
    for (int j = 0; j < CONTEXT_PER_LAYER; j++) {
      int row = (kvHead(layer) * HEAD_DIM + j) * EMBD;
      for (int d = 0; d < IDENTITY_DIMS; d++) {
        w[row + IDENTITY + d] = (float) (random.nextGaussian() * std);
      }
    }
    return w;
  }

  private float[] attentionOutput(int layer) {
    float[] w = new float[EMBD * EMBD];
    for (int j = 0; j < CONTEXT_PER_LAYER; j++) {
      int row = CONTEXT + layer * CONTEXT_PER_LAYER + j;
      w[row * EMBD + head(layer) * HEAD_DIM + j] = 1;
    }
    return w;
  }

  /** Gate or up projection: random, blind to the bias channel and the text flag. */
  private static float[] feedForwardIn(Random random) {
    float[] w = new float[EMBD * FFN];
    for (int row = 0; row < FFN; row++) {
      for (int d = IDENTITY; d < EMBD; d++) {
        w[row * EMBD + d] = (float) (random.nextGaussian() / 16);
      }
    }
    return w;
  }

  private float[] feedForwardDown(Random random) {
    float[] w = new float[FFN * EMBD];
    for (int row = CONTEXT; row < EMBD; row++) {
      for (int k = 0; k < FFN; k++) {
        w[row * FFN + k] = (float) (random.nextGaussian() * 0.0125);
      }
    }
    return w;
  }

  private float[] output() {
    int n = vocab.size();
    float[] w = new float[EMBD * n];
    double biasScale = referenceRms / BIAS_VALUE;
    double identityScale = referenceRms / IDENTITY_NORM;
    Random random = new Random(SEED + 1000);
    float[][] context = new float[n][];
    for (int id = 0; id < n; id++) {
      w[id * EMBD] = (float) (grammar.bias(id) * biasScale);
      if (grammar.isContextual(id)) {
        float[] c = new float[EMBD - CONTEXT];
        double norm = 0;
        double[] g = new double[c.length];
        for (int d = 0; d < c.length; d++) {
          g[d] = random.nextGaussian();
          norm += g[d] * g[d];
        }
        for (int d = 0; d < c.length; d++) {
          c[d] = (float) (g[d] / StrictMath.sqrt(norm) * CONTEXT_WEIGHT * referenceRms);
        }
        context[id] = c;
      }
    }
    context[grammar.eot()] = context[grammar.eotPartner()];
    for (int id = 0; id < n; id++) {
      if (context[id] != null) {
        System.arraycopy(context[id], 0, w, id * EMBD + CONTEXT, EMBD - CONTEXT);
      }
    }
    for (TinyGrammar.Edge e : grammar.edges()) {
      int axis = grammar.designated().get(e.from());
      double weight = e.target() - grammar.bias(e.to());
      w[e.to() * EMBD + IDENTITY + axis] = (float) (weight * identityScale);
    }
    return w;
  }

  private static float[] ones(int n) {
    float[] v = new float[n];
    Arrays.fill(v, 1);
    return v;
  }
}
