package dev.samovar.models.tiny;

import dev.samovar.models.gguf.GgmlType;
import dev.samovar.models.gguf.GgufFile;
import dev.samovar.models.gguf.GgufMetadata;
import dev.samovar.models.gguf.TensorInfo;
import java.io.IOException;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * A plain float64 forward pass of a small F32 Llama GGUF, as llama.cpp computes it: RMS norm, RoPE
 * on adjacent pairs, grouped-query causal attention, SwiGLU feed-forward, output head.
 */
final class ReferenceLlama {
  private final int embd;
  private final int layers;
  private final int heads;
  private final int kvHeads;
  private final int headDim;
  private final int ffn;
  private final int vocab;
  private final double ropeBase;
  private final double eps;
  private final float[] tokenEmbd;
  private final float[] outputNorm;
  private final float[] output;
  private final Layer[] blocks;

  private record Layer(
      float[] attnNorm,
      float[] q,
      float[] k,
      float[] v,
      float[] o,
      float[] ffnNorm,
      float[] gate,
      float[] up,
      float[] down) {}

  /** Keys and values of the positions fed so far; copy it to branch. */
  static final class State {
    private final List<double[][]> keys = new ArrayList<>();
    private final List<double[][]> values = new ArrayList<>();

    int length() {
      return keys.size();
    }

    State copy() {
      State copy = new State();
      copy.keys.addAll(keys);
      copy.values.addAll(values);
      return copy;
    }
  }

  ReferenceLlama(GgufFile file) throws IOException {
    GgufMetadata m = file.metadata();
    embd = (int) m.u32("llama.embedding_length");
    layers = (int) m.u32("llama.block_count");
    heads = (int) m.u32("llama.attention.head_count");
    kvHeads = (int) m.u32("llama.attention.head_count_kv");
    headDim = embd / heads;
    ffn = (int) m.u32("llama.feed_forward_length");
    vocab = m.strings("tokenizer.ggml.tokens").size();
    ropeBase = m.f32("llama.rope.freq_base");
    eps = m.f32("llama.attention.layer_norm_rms_epsilon");
    tokenEmbd = floats(file, "token_embd.weight");
    outputNorm = floats(file, "output_norm.weight");
    output = floats(file, "output.weight");
    blocks = new Layer[layers];
    for (int l = 0; l < layers; l++) {
      String p = "blk." + l + ".";
      blocks[l] =
          new Layer(
              floats(file, p + "attn_norm.weight"),
              floats(file, p + "attn_q.weight"),
              floats(file, p + "attn_k.weight"),
              floats(file, p + "attn_v.weight"),
              floats(file, p + "attn_output.weight"),
              floats(file, p + "ffn_norm.weight"),
              floats(file, p + "ffn_gate.weight"),
              floats(file, p + "ffn_up.weight"),
              floats(file, p + "ffn_down.weight"));
    }
  }

  int vocabSize() {
    return vocab;
  }

  /** Feeds {@code token} at the next position of {@code state}; returns the next-token logits. */
  double[] forward(State state, int token) {
    int pos = state.length();
    double[] x = new double[embd];
    for (int i = 0; i < embd; i++) {
      x[i] = tokenEmbd[token * embd + i];
    }
    double[][] layerKeys = new double[layers][];
    double[][] layerValues = new double[layers][];
    for (int l = 0; l < layers; l++) {
      Layer b = blocks[l];
      double[] h = rmsNorm(x, b.attnNorm());
      double[] q = matVec(b.q(), h, embd, heads * headDim);
      double[] k = matVec(b.k(), h, embd, kvHeads * headDim);
      layerValues[l] = matVec(b.v(), h, embd, kvHeads * headDim);
      rope(q, heads, pos);
      rope(k, kvHeads, pos);
      layerKeys[l] = k;
      double[] attention = new double[heads * headDim];
      for (int head = 0; head < heads; head++) {
        int kvHead = head / (heads / kvHeads);
        double[] scores = new double[pos + 1];
        double max = Double.NEGATIVE_INFINITY;
        for (int t = 0; t <= pos; t++) {
          double[] key = t == pos ? k : state.keys.get(t)[l];
          double s = 0;
          for (int d = 0; d < headDim; d++) {
            s += q[head * headDim + d] * key[kvHead * headDim + d];
          }
          scores[t] = s / Math.sqrt(headDim);
          max = Math.max(max, scores[t]);
        }
        double sum = 0;
        for (int t = 0; t <= pos; t++) {
          scores[t] = Math.exp(scores[t] - max);
          sum += scores[t];
        }
        for (int t = 0; t <= pos; t++) {
          double[] value = t == pos ? layerValues[l] : state.values.get(t)[l];
          for (int d = 0; d < headDim; d++) {
            attention[head * headDim + d] += scores[t] / sum * value[kvHead * headDim + d];
          }
        }
      }
      add(x, matVec(b.o(), attention, heads * headDim, embd));
      double[] f = rmsNorm(x, b.ffnNorm());
      double[] gate = matVec(b.gate(), f, embd, ffn);
      double[] up = matVec(b.up(), f, embd, ffn);
      for (int i = 0; i < ffn; i++) {
        gate[i] = gate[i] / (1 + Math.exp(-gate[i])) * up[i];
      }
      add(x, matVec(b.down(), gate, ffn, embd));
    }
    state.keys.add(layerKeys);
    state.values.add(layerValues);
    return matVec(output, rmsNorm(x, outputNorm), embd, vocab);
  }

  private void rope(double[] v, int n, int pos) {
    for (int head = 0; head < n; head++) {
      for (int i = 0; i < headDim; i += 2) {
        double theta = pos * Math.pow(ropeBase, -(double) i / headDim);
        double c = Math.cos(theta);
        double s = Math.sin(theta);
        int at = head * headDim + i;
        double a = v[at];
        double b = v[at + 1];
        v[at] = a * c - b * s;
        v[at + 1] = a * s + b * c;
      }
    }
  }

  private double[] rmsNorm(double[] x, float[] weight) {
    double sum = 0;
    for (double v : x) {
      sum += v * v;
    }
    double scale = 1 / Math.sqrt(sum / x.length + eps);
    double[] y = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      y[i] = x[i] * scale * weight[i];
    }
    return y;
  }

  private static double[] matVec(float[] w, double[] x, int in, int out) {
    double[] y = new double[out];
    for (int r = 0; r < out; r++) {
      double s = 0;
      int row = r * in;
      for (int c = 0; c < in; c++) {
        s += w[row + c] * x[c];
      }
      y[r] = s;
    }
    return y;
  }

  private static void add(double[] x, double[] y) {
    for (int i = 0; i < x.length; i++) {
      x[i] += y[i];
    }
  }

  private static float[] floats(GgufFile file, String name) throws IOException {
    TensorInfo tensor =
        file.tensor(name).orElseThrow(() -> new IllegalStateException("no tensor " + name));
    if (tensor.type() != GgmlType.F32) {
      throw new IllegalStateException(name + " is " + tensor.type() + ", expected F32");
    }
    FloatBuffer buffer = file.readTensor(tensor).asFloatBuffer();
    float[] values = new float[buffer.remaining()];
    buffer.get(values);
    return values;
  }
}
