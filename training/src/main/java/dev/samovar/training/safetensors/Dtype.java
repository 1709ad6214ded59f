package dev.samovar.training.safetensors;

import dev.samovar.models.gguf.HalfFloats;
import java.nio.ByteBuffer;
import java.util.Optional;

/** The element types of the safetensors format, with their sizes and conversions. */
public enum Dtype {
  F64(8),
  F32(4),
  F16(2),
  BF16(2),
  I64(8),
  I32(4),
  I16(2),
  I8(1),
  U8(1),
  BOOL(1),
  U16(2),
  U32(4),
  U64(8),
  F8_E4M3(1),
  F8_E5M2(1);

  private final int size;

  Dtype(int size) {
    this.size = size;
  }

  /** Bytes per element. */
  public int size() {
    return size;
  }

  /** Whether samovar reads and writes this type as numbers: F64, F32, F16 or BF16. */
  public boolean isFloat() {
    return this == F64 || this == F32 || this == F16 || this == BF16;
  }

  /** The dtype a safetensors header names, if it is one. */
  public static Optional<Dtype> parse(String name) {
    for (Dtype dtype : values()) {
      if (dtype.name().equals(name)) {
        return Optional.of(dtype);
      }
    }
    return Optional.empty();
  }

  /** Reads {@code count} elements of this float type from {@code source}, rounding F64 to float. */
  public void toFloats(ByteBuffer source, float[] target, int offset, int count) {
    switch (this) {
      case F32 -> source.asFloatBuffer().get(target, offset, count);
      case BF16 -> {
        for (int i = 0; i < count; i++) {
          target[offset + i] = HalfFloats.fromBf16(source.getShort(source.position() + 2 * i));
        }
      }
      case F16 -> {
        for (int i = 0; i < count; i++) {
          target[offset + i] = HalfFloats.fromF16(source.getShort(source.position() + 2 * i));
        }
      }
      case F64 -> {
        for (int i = 0; i < count; i++) {
          target[offset + i] = (float) source.getDouble(source.position() + 8 * i);
        }
      }
      default -> throw notFloat();
    }
    source.position(source.position() + count * size);
  }

  /** Reads {@code count} elements of this float type from {@code source}, exactly. */
  public void toDoubles(ByteBuffer source, double[] target, int offset, int count) {
    switch (this) {
      case F32 -> {
        for (int i = 0; i < count; i++) {
          target[offset + i] = source.getFloat(source.position() + 4 * i);
        }
      }
      case BF16 -> {
        for (int i = 0; i < count; i++) {
          target[offset + i] = HalfFloats.fromBf16(source.getShort(source.position() + 2 * i));
        }
      }
      case F16 -> {
        for (int i = 0; i < count; i++) {
          target[offset + i] = HalfFloats.fromF16(source.getShort(source.position() + 2 * i));
        }
      }
      case F64 -> source.asDoubleBuffer().get(target, offset, count);
      default -> throw notFloat();
    }
    source.position(source.position() + count * size);
  }

  /** Appends {@code count} values to {@code target} in this float type, each rounded once. */
  public void fromDoubles(double[] source, int offset, int count, ByteBuffer target) {
    for (int i = 0; i < count; i++) {
      double v = source[offset + i];
      switch (this) {
        case F64 -> target.putDouble(v);
        case F32 -> target.putFloat((float) v);
        case F16 -> target.putShort(HalfFloats.toF16(v));
        case BF16 -> target.putShort(HalfFloats.toBf16(v));
        default -> throw notFloat();
      }
    }
  }

  private IllegalStateException notFloat() {
    return new IllegalStateException(this + " is not a floating-point type");
  }
}
