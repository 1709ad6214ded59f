package dev.samovar.training.peft;

import dev.samovar.training.safetensors.TensorEntry;
import java.util.Objects;

/**
 * The low-rank update of one base weight.
 *
 * @param module the Hugging Face module path, e.g. {@code model.layers.0.self_attn.q_proj}
 * @param embedding whether it is an embedding update ({@code lora_embedding_A [r, vocab]}, {@code
 *     lora_embedding_B [hidden, r]}) rather than a linear one ({@code lora_A [r, in]}, {@code
 *     lora_B [out, r]})
 * @param a the A tensor
 * @param b the B tensor
 * @param rank r, the rows of A
 * @param alpha the module's alpha
 * @param scale what B·A is multiplied by
 */
public record LoraModule(
    String module,
    boolean embedding,
    TensorEntry a,
    TensorEntry b,
    int rank,
    double alpha,
    double scale) {
  public LoraModule {
    Objects.requireNonNull(module, "module");
    Objects.requireNonNull(a, "a");
    Objects.requireNonNull(b, "b");
  }

  /** The base weight this update applies to. */
  public String weight() {
    return module + ".weight";
  }

  /** Rows of the updated weight: B's rows for a linear, A's columns (the vocabulary) otherwise. */
  public long outFeatures() {
    return embedding ? a.dim(1) : b.dim(0);
  }

  /** Columns of the updated weight: A's columns for a linear, B's rows (hidden) otherwise. */
  public long inFeatures() {
    return embedding ? b.dim(0) : a.dim(1);
  }
}
