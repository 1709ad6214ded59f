package dev.samovar.training.merge;

import dev.samovar.training.peft.LoraModule;
import dev.samovar.training.peft.RowMajor;
import dev.samovar.training.safetensors.Checkpoint;
import java.io.IOException;

/**
 * A module's update {@code scale * C·V} held in memory: for a linear module {@code C = B [out, r]}
 * and {@code V = A [r, in]}; for an embedding {@code C = A^T [vocab, r]} and {@code V = B^T [r,
 * hidden]}, so that row {@code t} of the update is {@code scale * sum_k A[k,t] * B[:,k]}. Added to
 * rows of the base weight in double precision.
 */
final class LowRankDelta {
  private final int rank;
  private final int columns;
  private final double scale;
  private final float[] coefficients;
  private final float[] basis;

  private LowRankDelta(int rank, int columns, double scale, float[] coefficients, float[] basis) {
    this.rank = rank;
    this.columns = columns;
    this.scale = scale;
    this.coefficients = coefficients;
    this.basis = basis;
  }

  /** Reads A and B of {@code module}. */
  static LowRankDelta of(LoraModule module, Checkpoint adapter) throws IOException {
    float[] a = adapter.readAll(module.a());
    float[] b = adapter.readAll(module.b());
    int r = module.rank();
    if (!module.embedding()) {
      return new LowRankDelta(r, (int) module.inFeatures(), module.scale(), b, a);
    }
    int vocab = (int) module.outFeatures();
    int hidden = (int) module.inFeatures();
    return new LowRankDelta(
        r,
        hidden,
        module.scale(),
        RowMajor.transpose(a, r, vocab),
        RowMajor.transpose(b, hidden, r));
  }

  /**
   * Adds the update to {@code count} rows starting at row {@code first}, held row-major in {@code
   * rows}.
   */
  void addTo(double[] rows, int rowOffset, long first, int count) {
    for (int row = 0; row < count; row++) {
      long c = (first + row) * rank;
      int base = rowOffset + row * columns;
      for (int k = 0; k < rank; k++) {
        double coefficient = scale * coefficients[(int) (c + k)];
        if (coefficient == 0) {
          continue;
        }
        int v = k * columns;
        for (int i = 0; i < columns; i++) {
          rows[base + i] += coefficient * basis[v + i];
        }
      }
    }
  }
}
