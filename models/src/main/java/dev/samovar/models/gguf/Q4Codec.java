package dev.samovar.models.gguf;

import java.nio.ByteBuffer;

/**
 * Q4_0: blocks of 32 values as an F16 scale {@code d} and 16 bytes of 4-bit {@code q} (element
 * {@code j} in the low nibble of byte {@code j}, element {@code j+16} in its high nibble), value
 * {@code (q-8)*d}. {@code d = m/-8} for the element {@code m} of largest magnitude (the first of
 * equals), {@code q = min(15, trunc(x/d + 8.5))}.
 */
final class Q4Codec implements TensorCodec {
  static final Q4Codec INSTANCE = new Q4Codec();
  private static final int BLOCK = 32;
  private static final int HALF = BLOCK / 2;

  private Q4Codec() {}

  @Override
  public GgmlType type() {
    return GgmlType.Q4_0;
  }

  @Override
  public void encode(float[] values, int offset, int count, ByteBuffer target) {
    TensorCodec.checkArguments(GgmlType.Q4_0, count, target);
    for (int b = 0; b < count / BLOCK; b++) {
      int base = offset + b * BLOCK;
      float amax = 0;
      float max = 0;
      for (int j = 0; j < BLOCK; j++) {
        float v = values[base + j];
        if (amax < Math.abs(v)) {
          amax = Math.abs(v);
          max = v;
        }
      }
      float d = max / -8;
      float id = d != 0 ? 1.0f / d : 0.0f;
      target.putShort(Quantization.scale(GgmlType.Q4_0, d, b));
      for (int j = 0; j < HALF; j++) {
        int low = Math.min(15, (int) (values[base + j] * id + 8.5f));
        int high = Math.min(15, (int) (values[base + HALF + j] * id + 8.5f));
        target.put((byte) (low | high << 4));
      }
    }
  }

  @Override
  public void decode(ByteBuffer source, float[] values, int offset, int count) {
    TensorCodec.checkArguments(GgmlType.Q4_0, count, source);
    for (int b = 0; b < count / BLOCK; b++) {
      float d = HalfFloats.fromF16(source.getShort());
      int base = offset + b * BLOCK;
      for (int j = 0; j < HALF; j++) {
        int q = source.get() & 0xFF;
        values[base + j] = ((q & 0x0F) - 8) * d;
        values[base + HALF + j] = ((q >> 4) - 8) * d;
      }
    }
  }
}
