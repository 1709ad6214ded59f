package dev.samovar.training.gguf;

import java.util.Arrays;
import java.util.Objects;

/**
 * A tensor of the Llama GGUF and the Hugging Face weight it comes from.
 *
 * @param hfName the Hugging Face parameter name
 * @param ggufName the GGUF tensor name
 * @param hfShape the expected Hugging Face shape, slowest first
 * @param layer the block it belongs to, or -1
 * @param permuteHeads the head size when its rows get the Q/K permutation, else 0
 */
public record ExportTensor(
    String hfName, String ggufName, long[] hfShape, int layer, int permuteHeads) {
  public ExportTensor {
    Objects.requireNonNull(hfName, "hfName");
    Objects.requireNonNull(ggufName, "ggufName");
    hfShape = hfShape.clone();
  }

  @Override
  public long[] hfShape() {
    return hfShape.clone();
  }

  /** ggml's dimensions: the Hugging Face shape reversed (the bytes are not transposed). */
  public long[] ne() {
    long[] ne = new long[hfShape.length];
    for (int i = 0; i < ne.length; i++) {
      ne[i] = hfShape[hfShape.length - 1 - i];
    }
    return ne;
  }

  /** Whether it is a 1-D tensor (norm weights), always written as F32. */
  public boolean vector() {
    return hfShape.length == 1;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ExportTensor other
        && hfName.equals(other.hfName)
        && ggufName.equals(other.ggufName)
        && Arrays.equals(hfShape, other.hfShape)
        && layer == other.layer
        && permuteHeads == other.permuteHeads;
  }

  @Override
  public int hashCode() {
    return Objects.hash(hfName, ggufName, Arrays.hashCode(hfShape), layer, permuteHeads);
  }

  @Override
  public String toString() {
    return hfName + " -> " + ggufName + Arrays.toString(hfShape);
  }
}
