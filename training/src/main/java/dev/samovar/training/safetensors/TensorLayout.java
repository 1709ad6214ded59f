package dev.samovar.training.safetensors;

import java.util.Arrays;
import java.util.Objects;

/**
 * A tensor to be written to a safetensors file: name, dtype and shape.
 *
 * @param name its name
 * @param dtype its element type
 * @param shape its dimensions, slowest first
 */
public record TensorLayout(String name, Dtype dtype, long[] shape) {
  public TensorLayout {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(dtype, "dtype");
    shape = shape.clone();
  }

  @Override
  public long[] shape() {
    return shape.clone();
  }

  /** Bytes of its data. */
  public long byteSize() {
    long n = dtype.size();
    for (long d : shape) {
      n = Math.multiplyExact(n, d);
    }
    return n;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TensorLayout other
        && name.equals(other.name)
        && dtype == other.dtype
        && Arrays.equals(shape, other.shape);
  }

  @Override
  public int hashCode() {
    return Objects.hash(name, dtype, Arrays.hashCode(shape));
  }

  @Override
  public String toString() {
    return name + " " + dtype + Arrays.toString(shape);
  }
}
