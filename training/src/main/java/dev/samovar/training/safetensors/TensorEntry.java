package dev.samovar.training.safetensors;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Objects;

/**
 * A tensor in a safetensors file.
 *
 * @param name its name
 * @param dtype its element type
 * @param shape its dimensions, slowest first (PyTorch order)
 * @param file the file holding it
 * @param offset absolute file offset of its first byte
 * @param byteSize bytes of its data
 */
public record TensorEntry(
    String name, Dtype dtype, long[] shape, Path file, long offset, long byteSize) {
  public TensorEntry {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(dtype, "dtype");
    Objects.requireNonNull(file, "file");
    shape = shape.clone();
  }

  @Override
  public long[] shape() {
    return shape.clone();
  }

  /** The number of dimensions. */
  public int rank() {
    return shape.length;
  }

  /** The size of dimension {@code i}. */
  public long dim(int i) {
    return shape[i];
  }

  /** The number of elements. */
  public long elementCount() {
    long n = 1;
    for (long d : shape) {
      n = Math.multiplyExact(n, d);
    }
    return n;
  }

  /** Elements of one row: the last dimension (1 for a scalar). */
  public long columns() {
    return shape.length == 0 ? 1 : shape[shape.length - 1];
  }

  /** Rows: all elements over {@link #columns()}. */
  public long rows() {
    long columns = columns();
    return columns == 0 ? 0 : elementCount() / columns;
  }

  /** The shape as text, e.g. {@code [4096, 14336]}. */
  public String shapeText() {
    return Arrays.toString(shape);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TensorEntry other
        && name.equals(other.name)
        && dtype == other.dtype
        && Arrays.equals(shape, other.shape)
        && file.equals(other.file)
        && offset == other.offset
        && byteSize == other.byteSize;
  }

  @Override
  public int hashCode() {
    return Objects.hash(name, dtype, Arrays.hashCode(shape), file, offset, byteSize);
  }

  @Override
  public String toString() {
    return name + " " + dtype + shapeText();
  }
}
