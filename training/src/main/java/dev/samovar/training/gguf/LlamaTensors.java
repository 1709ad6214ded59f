package dev.samovar.training.gguf;

import dev.samovar.training.hf.LlamaConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The tensors a Llama model has, by config: Hugging Face names and shapes, GGUF names, and which
 * get the Q/K permutation.
 */
public final class LlamaTensors {
  /** The Hugging Face embeddings. */
  public static final String EMBEDDINGS = "model.embed_tokens.weight";

  /** The Hugging Face output projection (absent with tied embeddings). */
  public static final String LM_HEAD = "lm_head.weight";

  private LlamaTensors() {}

  /** Every tensor in GGUF order; the output projection only when {@code withOutput}. */
  public static List<ExportTensor> of(LlamaConfig c, boolean withOutput) {
    List<ExportTensor> tensors = new ArrayList<>();
    long hidden = c.hidden();
    tensors.add(
        new ExportTensor(
            EMBEDDINGS, "token_embd.weight", new long[] {c.vocabSize(), hidden}, -1, 0));
    for (int i = 0; i < c.layers(); i++) {
      String hf = "model.layers." + i + ".";
      String gguf = "blk." + i + ".";
      tensors.add(vector(hf + "input_layernorm.weight", gguf + "attn_norm.weight", hidden, i));
      tensors.add(
          new ExportTensor(
              hf + "self_attn.q_proj.weight",
              gguf + "attn_q.weight",
              new long[] {c.qDim(), hidden},
              i,
              c.headDim()));
      tensors.add(
          new ExportTensor(
              hf + "self_attn.k_proj.weight",
              gguf + "attn_k.weight",
              new long[] {c.kvDim(), hidden},
              i,
              c.headDim()));
      tensors.add(
          matrix(hf + "self_attn.v_proj.weight", gguf + "attn_v.weight", c.kvDim(), hidden, i));
      tensors.add(
          matrix(hf + "self_attn.o_proj.weight", gguf + "attn_output.weight", hidden, c.qDim(), i));
      tensors.add(
          vector(hf + "post_attention_layernorm.weight", gguf + "ffn_norm.weight", hidden, i));
      tensors.add(
          matrix(
              hf + "mlp.gate_proj.weight", gguf + "ffn_gate.weight", c.feedForward(), hidden, i));
      tensors.add(
          matrix(hf + "mlp.up_proj.weight", gguf + "ffn_up.weight", c.feedForward(), hidden, i));
      tensors.add(
          matrix(
              hf + "mlp.down_proj.weight", gguf + "ffn_down.weight", hidden, c.feedForward(), i));
    }
    tensors.add(vector("model.norm.weight", "output_norm.weight", hidden, -1));
    if (withOutput) {
      tensors.add(matrix(LM_HEAD, "output.weight", c.vocabSize(), hidden, -1));
    }
    return tensors;
  }

  private static final Pattern LAYER_WEIGHT =
      Pattern.compile("model\\.layers\\.(\\d+)\\.(self_attn|mlp)\\.(\\w+)\\.weight");
  private static final Set<String> ATTENTION = Set.of("q_proj", "k_proj", "v_proj", "o_proj");
  private static final Map<String, String> LAYER_NAMES =
      Map.of(
          "q_proj", "attn_q",
          "k_proj", "attn_k",
          "v_proj", "attn_v",
          "o_proj", "attn_output",
          "gate_proj", "ffn_gate",
          "up_proj", "ffn_up",
          "down_proj", "ffn_down");

  /** The GGUF name of a Hugging Face Llama matrix weight, if it is one. */
  public static Optional<String> ggufName(String hfName) {
    if (hfName.equals(EMBEDDINGS)) {
      return Optional.of("token_embd.weight");
    }
    if (hfName.equals(LM_HEAD)) {
      return Optional.of("output.weight");
    }
    Matcher m = LAYER_WEIGHT.matcher(hfName);
    if (m.matches()
        && LAYER_NAMES.containsKey(m.group(3))
        && m.group(2).equals("self_attn") == ATTENTION.contains(m.group(3))) {
      return Optional.of("blk." + m.group(1) + "." + LAYER_NAMES.get(m.group(3)) + ".weight");
    }
    return Optional.empty();
  }

  /** Whether a Hugging Face tensor is one that exports leave out (RoPE's cached frequencies). */
  public static boolean ignored(String hfName) {
    return hfName.endsWith(".rotary_emb.inv_freq");
  }

  private static ExportTensor vector(String hf, String gguf, long size, int layer) {
    return new ExportTensor(hf, gguf, new long[] {size}, layer, 0);
  }

  private static ExportTensor matrix(String hf, String gguf, long rows, long cols, int layer) {
    return new ExportTensor(hf, gguf, new long[] {rows, cols}, layer, 0);
  }
}
