package dev.samovar.training.gguf;

/**
 * Reorders the rows of Q and K projections (and of their LoRA B matrices) from Hugging Face's
 * rotate-half RoPE layout to llama.cpp's adjacent-pair layout: within each head of {@code d} rows,
 * new row {@code 2j + t} is old row {@code t*d/2 + j}.
 */
public final class QkPermutation {
  private QkPermutation() {}

  /** The source row of output row {@code row}, for heads of {@code headDim} rows. */
  public static int sourceRow(int row, int headDim) {
    int head = row / headDim;
    int within = row % headDim;
    int pair = within / 2;
    int half = within % 2;
    return head * headDim + half * (headDim / 2) + pair;
  }
}
