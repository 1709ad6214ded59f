package dev.samovar.training.gguf;

import dev.samovar.models.gguf.GgmlType;
import dev.samovar.models.gguf.TensorCodec;
import dev.samovar.training.TrainingException;
import dev.samovar.training.safetensors.Dtype;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

/**
 * Converts a chunk of rows from their safetensors bytes to a GGUF type on several threads: each
 * output row is read from its source row (the Q/K permutation, when given, stays within the chunk's
 * heads), checked to be finite and encoded into its slot of the output.
 */
final class RowEncoder {
  private final ExecutorService workers;
  private final int threads;

  RowEncoder(ExecutorService workers, int threads) {
    this.workers = workers;
    this.threads = threads;
  }

  /**
   * Encodes {@code rows} rows of {@code columns} {@code source} elements from {@code input}
   * (little-endian, position 0) into {@code output} (filled from position 0, flipped).
   *
   * @param firstRow the tensor row the chunk starts at, for messages
   * @param headDim the rows of a head when rows are permuted, else 0
   */
  void encode(
      String tensor,
      Dtype source,
      ByteBuffer input,
      long firstRow,
      int rows,
      int columns,
      int headDim,
      GgmlType type,
      ByteBuffer output) {
    TensorCodec codec = TensorCodec.of(type).orElseThrow();
    int inRowBytes = columns * source.size();
    int outRowBytes = (int) type.byteSize(columns);
    int parts = Math.min(threads, rows);
    List<Future<?>> futures = new ArrayList<>(parts);
    for (int p = 0; p < parts; p++) {
      int from = (int) ((long) rows * p / parts);
      int to = (int) ((long) rows * (p + 1) / parts);
      Callable<Void> task =
          () -> {
            float[] values = new float[columns];
            for (int row = from; row < to; row++) {
              int sourceRow = headDim > 0 ? QkPermutation.sourceRow(row, headDim) : row;
              ByteBuffer in =
                  input.slice(sourceRow * inRowBytes, inRowBytes).order(ByteOrder.LITTLE_ENDIAN);
              source.toFloats(in, values, 0, columns);
              checkFinite(tensor, values, firstRow + sourceRow, type);
              ByteBuffer out =
                  output.slice(row * outRowBytes, outRowBytes).order(ByteOrder.LITTLE_ENDIAN);
              try {
                codec.encode(values, 0, columns, out);
              } catch (IllegalArgumentException e) {
                throw new TrainingException(
                    "tensor " + tensor + " row " + (firstRow + sourceRow) + ": " + e.getMessage());
              }
            }
            return null;
          };
      futures.add(workers.submit(task));
    }
    for (Future<?> future : futures) {
      try {
        future.get();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new TrainingException("export interrupted", e);
      } catch (ExecutionException e) {
        if (e.getCause() instanceof RuntimeException runtime) {
          throw runtime;
        }
        throw new IllegalStateException("encoding " + tensor + " failed", e.getCause());
      }
    }
    output.position(0).limit(rows * outRowBytes);
  }

  private static void checkFinite(String tensor, float[] values, long row, GgmlType type) {
    for (int i = 0; i < values.length; i++) {
      float v = values[i];
      if (!Float.isFinite(v) || (type == GgmlType.F16 && Math.abs(v) >= 65520f)) {
        throw new TrainingException(
            "tensor "
                + tensor
                + " has the value "
                + v
                + " at ["
                + row
                + ", "
                + i
                + "]"
                + (Float.isFinite(v) ? ", beyond F16's range; export as bf16 or f32" : ""));
      }
    }
  }
}
