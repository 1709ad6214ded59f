package dev.samovar.models.gguf;

import java.util.Arrays;
import java.util.Objects;

/**
 * A tensor as a GGUF file describes it.
 *
 * @param name its name
 * @param ne dimensions, fastest first
 * @param type ggml type of its data
 * @param offset where its data starts, relative to the data section
 * @param byteSize bytes of its data, without padding
 */
public record TensorInfo(String name, long[] ne, GgmlType type, long offset, long byteSize) {
  public TensorInfo {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(type, "type");
    ne = ne.clone();
  }

  @Override
  public long[] ne() {
    return ne.clone();
  }

  /** The number of elements. */
  public long elementCount() {
    return TensorSpec.elementCount(ne);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TensorInfo other
        && name.equals(other.name)
        && Arrays.equals(ne, other.ne)
        && type == other.type
        && offset == other.offset
        && byteSize == other.byteSize;
  }

  @Override
  public int hashCode() {
    return Objects.hash(name, Arrays.hashCode(ne), type, offset, byteSize);
  }

  @Override
  public String toString() {
    return "TensorInfo["
        + name
        + ", ne="
        + Arrays.toString(ne)
        + ", "
        + type
        + ", offset="
        + offset
        + ", bytes="
        + byteSize
        + "]";
  }
}
