package dev.samovar.training.peft;

/** Row-major float matrices, as adapters' tensors are read. */
public final class RowMajor {
  private RowMajor() {}

  /** The transpose of {@code m}, a {@code rows} x {@code cols} matrix. */
  public static float[] transpose(float[] m, int rows, int cols) {
    float[] t = new float[m.length];
    for (int i = 0; i < rows; i++) {
      for (int j = 0; j < cols; j++) {
        t[j * rows + i] = m[i * cols + j];
      }
    }
    return t;
  }
}
