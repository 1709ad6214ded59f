package dev.samovar.training.gguf;

import dev.samovar.models.gguf.GgmlType;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * What {@code export-gguf --type} writes: the tensor type of 2-D weights (1-D tensors are always
 * F32) and the llama_ftype recorded as {@code general.file_type}. Q4_K_M mixes types as {@code
 * llama-quantize} does: output.weight Q6_K, attn_v and ffn_down Q6_K on the layers where it gives
 * more bits, everything else Q4_K.
 */
public enum ExportType {
  F32(0, GgmlType.F32),
  F16(1, GgmlType.F16),
  BF16(32, GgmlType.BF16),
  Q8_0(7, GgmlType.Q8_0),
  Q4_0(2, GgmlType.Q4_0),
  Q4_K_M(15, GgmlType.Q4_K);

  private final int fileType;
  private final GgmlType base;

  ExportType(int fileType, GgmlType base) {
    this.fileType = fileType;
    this.base = base;
  }

  /** The llama_ftype value (not a ggml type: Q8_0 is 7 here, 8 as a tensor type). */
  public int fileType() {
    return fileType;
  }

  /** The name on the command line, e.g. {@code q4_k_m}. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The export type called {@code label}. */
  public static ExportType parse(String label) {
    for (ExportType type : values()) {
      if (type.label().equals(label.toLowerCase(Locale.ROOT))) {
        return type;
      }
    }
    throw new IllegalArgumentException(
        "unknown type '"
            + label
            + "' (one of "
            + Arrays.stream(values()).map(ExportType::label).collect(Collectors.joining(", "))
            + ")");
  }

  /**
   * The type of the 2-D weight {@code ggufName} of block {@code layer} (-1 outside the blocks) in a
   * model of {@code layers} blocks.
   */
  public GgmlType typeOf(String ggufName, int layer, int layers) {
    if (this != Q4_K_M) {
      return base;
    }
    if (ggufName.equals("output.weight")) {
      return GgmlType.Q6_K;
    }
    boolean moreBitsTensor =
        ggufName.endsWith(".attn_v.weight") || ggufName.endsWith(".ffn_down.weight");
    return moreBitsTensor && useMoreBits(layer, layers) ? GgmlType.Q6_K : GgmlType.Q4_K;
  }

  /** llama-quantize's use_more_bits: the first and last eighth of the layers, and every third. */
  static boolean useMoreBits(int layer, int layers) {
    return layer < layers / 8 || layer >= 7 * layers / 8 || (layer - layers / 8) % 3 == 2;
  }
}
