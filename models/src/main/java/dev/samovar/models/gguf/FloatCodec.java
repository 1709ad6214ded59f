package dev.samovar.models.gguf;

import java.nio.ByteBuffer;

/** F32 (as is), F16 and BF16 (each rounded to nearest, ties to even). */
enum FloatCodec implements TensorCodec {
  F32(GgmlType.F32),
  F16(GgmlType.F16),
  BF16(GgmlType.BF16);

  private final GgmlType type;

  FloatCodec(GgmlType type) {
    this.type = type;
  }

  @Override
  public GgmlType type() {
    return type;
  }

  @Override
  public void encode(float[] values, int offset, int count, ByteBuffer target) {
    TensorCodec.checkArguments(type, count, target);
    switch (this) {
      case F32 -> {
        for (int i = 0; i < count; i++) {
          target.putFloat(values[offset + i]);
        }
      }
      case F16 -> {
        for (int i = 0; i < count; i++) {
          target.putShort(HalfFloats.toF16(values[offset + i]));
        }
      }
      case BF16 -> {
        for (int i = 0; i < count; i++) {
          target.putShort(HalfFloats.toBf16(values[offset + i]));
        }
      }
    }
  }

  @Override
  public void decode(ByteBuffer source, float[] values, int offset, int count) {
    TensorCodec.checkArguments(type, count, source);
    switch (this) {
      case F32 -> {
        for (int i = 0; i < count; i++) {
          values[offset + i] = source.getFloat();
        }
      }
      case F16 -> {
        for (int i = 0; i < count; i++) {
          values[offset + i] = HalfFloats.fromF16(source.getShort());
        }
      }
      case BF16 -> {
        for (int i = 0; i < count; i++) {
          values[offset + i] = HalfFloats.fromBf16(source.getShort());
        }
      }
    }
  }
}
