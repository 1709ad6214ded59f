package dev.samovar.models.gguf;

import java.nio.ByteBuffer;

/**
 * Q8_0: blocks of 32 values as an F16 scale {@code d} and 32 signed bytes {@code q}, value {@code
 * q*d}. {@code d = max|x|/127}; {@code q = roundf(x/d)} with the unrounded {@code d}.
 */
final class Q8Codec implements TensorCodec {
  static final Q8Codec INSTANCE = new Q8Codec();
  private static final int BLOCK = 32;

  private Q8Codec() {}

  @Override
  public GgmlType type() {
    return GgmlType.Q8_0;
  }

  @Override
  public void encode(float[] values, int offset, int count, ByteBuffer target) {
    TensorCodec.checkArguments(GgmlType.Q8_0, count, target);
    for (int b = 0; b < count / BLOCK; b++) {
      int base = offset + b * BLOCK;
      float amax = 0;
      for (int j = 0; j < BLOCK; j++) {
        amax = Math.max(amax, Math.abs(values[base + j]));
      }
      float d = amax / 127;
      float id = d != 0 ? 1.0f / d : 0.0f;
      target.putShort(Quantization.scale(GgmlType.Q8_0, d, b));
      for (int j = 0; j < BLOCK; j++) {
        target.put((byte) Quantization.roundHalfAway(values[base + j] * id));
      }
    }
  }

  @Override
  public void decode(ByteBuffer source, float[] values, int offset, int count) {
    TensorCodec.checkArguments(GgmlType.Q8_0, count, source);
    for (int b = 0; b < count / BLOCK; b++) {
      float d = HalfFloats.fromF16(source.getShort());
      int base = offset + b * BLOCK;
      for (int j = 0; j < BLOCK; j++) {
        values[base + j] = source.get() * d;
      }
    }
  }
}
