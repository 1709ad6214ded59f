package dev.samovar.models.gguf;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * A tensor to be written: name, ggml type and dimensions, fastest first (ggml's {@code ne}).
 *
 * @param name at most {@value #MAX_NAME_BYTES} bytes of UTF-8
 * @param type the ggml type of its data
 * @param ne 1 to 4 dimensions, each at least 1; ne[0] a whole number of the type's blocks
 */
public record TensorSpec(String name, GgmlType type, long[] ne) {
  /** The longest tensor name llama.cpp accepts, in UTF-8 bytes. */
  public static final int MAX_NAME_BYTES = 63;

  /** The most dimensions a GGUF tensor has. */
  public static final int MAX_DIMS = 4;

  public TensorSpec {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(type, "type");
    ne = ne.clone();
    String problem = problem(name, type, ne);
    if (problem != null) {
      throw new IllegalArgumentException(problem);
    }
  }

  /** A tensor with dimensions {@code ne}, fastest first. */
  public static TensorSpec of(String name, GgmlType type, long... ne) {
    return new TensorSpec(name, type, ne);
  }

  @Override
  public long[] ne() {
    return ne.clone();
  }

  /** The bytes of its data, without padding. */
  public long byteSize() {
    return byteSize(type, ne);
  }

  /** What is wrong with a tensor's name, type and dimensions, or null when nothing is. */
  static String problem(String name, GgmlType type, long[] ne) {
    if (name.isEmpty()) {
      return "tensor name is empty";
    }
    int nameBytes = name.getBytes(StandardCharsets.UTF_8).length;
    if (nameBytes > MAX_NAME_BYTES) {
      return "tensor name '" + name + "' has " + nameBytes + " bytes, at most 63 allowed";
    }
    if (ne.length < 1 || ne.length > MAX_DIMS) {
      return "tensor '" + name + "' has " + ne.length + " dimensions, expected 1 to 4";
    }
    for (int i = 0; i < ne.length; i++) {
      if (ne[i] < 1) {
        return "tensor '" + name + "' has dimension " + i + " of " + ne[i];
      }
    }
    if (ne[0] % type.blockSize() != 0) {
      return "tensor '"
          + name
          + "' of type "
          + type
          + " has ne[0] = "
          + ne[0]
          + ", not a multiple of its block size "
          + type.blockSize();
    }
    try {
      byteSize(type, ne);
    } catch (ArithmeticException e) {
      return "tensor '" + name + "' of dimensions " + Arrays.toString(ne) + " is too large";
    }
    return null;
  }

  static long elementCount(long[] ne) {
    long count = 1;
    for (long n : ne) {
      count = Math.multiplyExact(count, n);
    }
    return count;
  }

  static long byteSize(GgmlType type, long[] ne) {
    long size = type.byteSize(ne[0]);
    for (int i = 1; i < ne.length; i++) {
      size = Math.multiplyExact(size, ne[i]);
    }
    return size;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TensorSpec other
        && name.equals(other.name)
        && type == other.type
        && Arrays.equals(ne, other.ne);
  }

  @Override
  public int hashCode() {
    return Objects.hash(name, type, Arrays.hashCode(ne));
  }

  @Override
  public String toString() {
    return "TensorSpec[" + name + ", " + type + ", ne=" + Arrays.toString(ne) + "]";
  }
}
