package dev.samovar.training;

import dev.samovar.engine.GenerationRequest;
import dev.samovar.engine.TokenLogprob;
import dev.samovar.training.tiny.TinyLlama;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * An independent float64 Llama forward pass written from the Hugging Face definition
 * (modeling_llama.py): RMSNorm, rotate-half RoPE with Llama 3.1's frequency scaling, grouped-query
 * causal attention, SwiGLU, on the Hugging Face tensors as they are (no permutation).
 */
final class ReferenceLlama {
  private final TinyLlama.Shape shape;
  private final Function<String, double[]> weights;
  private final double[] invFreq;

  ReferenceLlama(TinyLlama.Shape shape, Function<String, double[]> weights) {
    this.shape = shape;
    this.weights = weights;
    this.invFreq = llama3InvFreq(shape.headDim());
  }

  /** transformers' _compute_llama3_parameters with factor 8, low 1, high 4. */
  private static double[] llama3InvFreq(int dim) {
    double factor = 8;
    double low = 1;
    double high = 4;
    double old = TinyLlama.ORIGINAL_CONTEXT;
    double lowWavelen = old / low;
    double highWavelen = old / high;
    double[] freq = new double[dim / 2];
    for (int i = 0; i < freq.length; i++) {
      double inv = 1.0 / Math.pow(TinyLlama.ROPE_THETA, (2.0 * i) / dim);
      double wavelen = 2 * Math.PI / inv;
      double llama = wavelen > lowWavelen ? inv / factor : inv;
      double smooth = (old / wavelen - low) / (high - low);
      double smoothed = (1 - smooth) * llama / factor + smooth * llama;
      boolean medium = !(wavelen < highWavelen) && !(wavelen > lowWavelen);
      freq[i] = medium ? smoothed : llama;
    }
    return freq;
  }

  /** The logits after each position of {@code tokens}; the last row predicts the next token. */
  double[] logits(int[] tokens) {
    int n = tokens.length;
    int h = shape.hidden();
    int d = shape.headDim();
    int groups = shape.heads() / shape.kvHeads();
    double[] embed = weights.apply("model.embed_tokens.weight");
    double[][] x = new double[n][];
    for (int t = 0; t < n; t++) {
      x[t] = Arrays.copyOfRange(embed, tokens[t] * h, (tokens[t] + 1) * h);
    }
    for (int layer = 0; layer < shape.layers(); layer++) {
      String p = "model.layers." + layer + ".";
      double[][] q = new double[n][];
      double[][] k = new double[n][];
      double[][] v = new double[n][];
      for (int t = 0; t < n; t++) {
        double[] normed = rmsNorm(x[t], weights.apply(p + "input_layernorm.weight"));
        q[t] = rope(matVec(weights.apply(p + "self_attn.q_proj.weight"), normed), t, shape.heads());
        k[t] =
            rope(matVec(weights.apply(p + "self_attn.k_proj.weight"), normed), t, shape.kvHeads());
        v[t] = matVec(weights.apply(p + "self_attn.v_proj.weight"), normed);
      }
      for (int t = 0; t < n; t++) {
        double[] attended = new double[shape.heads() * d];
        for (int head = 0; head < shape.heads(); head++) {
          int kvHead = head / groups;
          double[] scores = new double[t + 1];
          double max = Double.NEGATIVE_INFINITY;
          for (int s = 0; s <= t; s++) {
            double dot = 0;
            for (int j = 0; j < d; j++) {
              dot += q[t][head * d + j] * k[s][kvHead * d + j];
            }
            scores[s] = dot / Math.sqrt(d);
            max = Math.max(max, scores[s]);
          }
          double sum = 0;
          for (int s = 0; s <= t; s++) {
            scores[s] = Math.exp(scores[s] - max);
            sum += scores[s];
          }
          for (int s = 0; s <= t; s++) {
            for (int j = 0; j < d; j++) {
              attended[head * d + j] += scores[s] / sum * v[s][kvHead * d + j];
            }
          }
        }
        add(x[t], matVec(weights.apply(p + "self_attn.o_proj.weight"), attended));
        double[] normed = rmsNorm(x[t], weights.apply(p + "post_attention_layernorm.weight"));
        double[] gate = matVec(weights.apply(p + "mlp.gate_proj.weight"), normed);
        double[] up = matVec(weights.apply(p + "mlp.up_proj.weight"), normed);
        for (int i = 0; i < gate.length; i++) {
          gate[i] = gate[i] / (1 + Math.exp(-gate[i])) * up[i];
        }
        add(x[t], matVec(weights.apply(p + "mlp.down_proj.weight"), gate));
      }
    }
    double[] last = rmsNorm(x[n - 1], weights.apply("model.norm.weight"));
    String head = shape.tied() ? "model.embed_tokens.weight" : "lm_head.weight";
    return matVec(weights.apply(head), last);
  }

  /**
   * One greedy step.
   *
   * @param token the chosen token
   * @param logProbs the natural-log softmax of the float64 logits the token was chosen from
   */
  record Step(int token, double[] logProbs) {}

  /**
   * Greedy continuation of {@code prompt}: up to {@code max} tokens, ending early after one of
   * {@code stops}. Fails when a step's best two logits are closer than {@code margin}, where a
   * float32 engine might pick either.
   */
  List<Integer> greedy(int[] prompt, int max, double margin, int... stops) {
    return greedySteps(prompt, max, margin, stops).stream().map(Step::token).toList();
  }

  /** As {@link #greedy}, with each step's log-probabilities. */
  List<Step> greedySteps(int[] prompt, int max, double margin, int... stops) {
    List<Step> out = new ArrayList<>();
    int[] tokens = prompt.clone();
    for (int step = 0; step < max; step++) {
      double[] logits = logits(tokens);
      int best = 0;
      for (int i = 1; i < logits.length; i++) {
        if (logits[i] > logits[best]) {
          best = i;
        }
      }
      double second = Double.NEGATIVE_INFINITY;
      double sum = 0;
      for (int i = 0; i < logits.length; i++) {
        if (i != best) {
          second = Math.max(second, logits[i]);
        }
        sum += Math.exp(logits[i] - logits[best]);
      }
      if (logits[best] - second < margin) {
        throw new AssertionError(
            "step " + step + ": the best two logits differ by only " + (logits[best] - second));
      }
      double logSumExp = logits[best] + Math.log(sum);
      double[] logProbs = new double[logits.length];
      for (int i = 0; i < logits.length; i++) {
        logProbs[i] = logits[i] - logSumExp;
      }
      out.add(new Step(best, logProbs));
      int chosen = best;
      if (Arrays.stream(stops).anyMatch(s -> s == chosen)) {
        break;
      }
      tokens = Arrays.copyOf(tokens, tokens.length + 1);
      tokens[tokens.length - 1] = best;
    }
    return out;
  }

  /**
   * Checks the engine's log-probabilities at every generated step, of the sampled token and of each
   * reported alternative, against the reference's: {@code |engine - reference| <= tolerance *
   * max(1, |reference|)}. Since log p_i = z_i - logsumexp(z), this compares the logits themselves
   * up to the one constant per step that softmax removes (a shift of all logits changes no
   * probability), and a difference in the logsumexp term, which every logit feeds, would show in
   * every entry. The engine's tokens must be a prefix of the reference's.
   *
   * @return the largest absolute and relative differences seen, in that order
   */
  static double[] assertLogprobs(
      List<TokenLogprob> engine, List<Step> reference, double tolerance, String what) {
    if (engine.size() > reference.size()) {
      throw new AssertionError(
          what + ": " + engine.size() + " engine steps but " + reference.size() + " reference");
    }
    double maxAbs = 0;
    double maxRel = 0;
    for (int step = 0; step < engine.size(); step++) {
      TokenLogprob got = engine.get(step);
      double[] want = reference.get(step).logProbs();
      if (got.top().size() != GenerationRequest.MAX_TOP_LOGPROBS) {
        throw new AssertionError(
            what + " step " + step + ": " + got.top().size() + " alternatives");
      }
      Map<Integer, Double> entries = new LinkedHashMap<>();
      entries.put(got.token(), got.logprob());
      for (TokenLogprob.Alternative alternative : got.top()) {
        entries.put(alternative.token(), alternative.logprob());
      }
      for (Map.Entry<Integer, Double> entry : entries.entrySet()) {
        double expected = want[entry.getKey()];
        double abs = Math.abs(entry.getValue() - expected);
        double rel = abs / Math.max(1, Math.abs(expected));
        maxAbs = Math.max(maxAbs, abs);
        maxRel = Math.max(maxRel, rel);
        if (!(rel <= tolerance)) {
          throw new AssertionError(
              String.format(
                  "%s step %d token %d: engine log-probability %.9g, reference %.9g (relative"
                      + " difference %.3g > %.3g)",
                  what, step, entry.getKey(), entry.getValue(), expected, rel, tolerance));
        }
      }
    }
    return new double[] {maxAbs, maxRel};
  }

  private double[] rmsNorm(double[] x, double[] w) {
    double sum = 0;
    for (double v : x) {
      sum += v * v;
    }
    double scale = 1 / Math.sqrt(sum / x.length + TinyLlama.RMS_EPS);
    double[] out = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      out[i] = w[i] * (x[i] * scale);
    }
    return out;
  }

  /** rotate_half RoPE: dims j and j + d/2 of a head rotate together by pos * invFreq[j]. */
  private double[] rope(double[] x, int pos, int heads) {
    int d = shape.headDim();
    double[] out = x.clone();
    for (int head = 0; head < heads; head++) {
      for (int j = 0; j < d / 2; j++) {
        double angle = pos * invFreq[j];
        double cos = Math.cos(angle);
        double sin = Math.sin(angle);
        double a = x[head * d + j];
        double b = x[head * d + j + d / 2];
        out[head * d + j] = a * cos - b * sin;
        out[head * d + j + d / 2] = b * cos + a * sin;
      }
    }
    return out;
  }

  private static double[] matVec(double[] m, double[] x) {
    int rows = m.length / x.length;
    double[] out = new double[rows];
    for (int r = 0; r < rows; r++) {
      double sum = 0;
      int base = r * x.length;
      for (int c = 0; c < x.length; c++) {
        sum += m[base + c] * x[c];
      }
      out[r] = sum;
    }
    return out;
  }

  private static void add(double[] x, double[] y) {
    for (int i = 0; i < x.length; i++) {
      x[i] += y[i];
    }
  }
}
