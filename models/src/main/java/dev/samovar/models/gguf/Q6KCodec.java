package dev.samovar.models.gguf;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Q6_K: super-blocks of 256 values in 210 bytes: 128 bytes of low 4 bits and 64 bytes of high 2
 * bits of 6-bit {@code L}, 16 signed 8-bit scales of sub-blocks of 16, then the F16 {@code d}
 * (last); value {@code d*scale[j]*(L-32)}. Quantized as ggml's {@code quantize_row_q6_K_ref}: an
 * RMSE-weighted scale per sub-block ({@code make_qx_quants}), the scales quantized to 8 bits
 * against the one of largest magnitude, then every value requantized with the stored scales.
 */
final class Q6KCodec implements TensorCodec {
  static final Q6KCodec INSTANCE = new Q6KCodec();
  private static final int BLOCK = 256;
  private static final int SUB = 16;
  private static final int SUBS = BLOCK / SUB;
  private static final int NMAX = 32;
  private static final float GROUP_MAX_EPS = 1e-15f;

  private Q6KCodec() {}

  @Override
  public GgmlType type() {
    return GgmlType.Q6_K;
  }

  @Override
  public void encode(float[] values, int offset, int count, ByteBuffer target) {
    TensorCodec.checkArguments(GgmlType.Q6_K, count, target);
    byte[] levels = new byte[BLOCK];
    float[] scales = new float[SUBS];
    byte[] bytes = new byte[GgmlType.Q6_K.bytesPerBlock()];
    for (int b = 0; b < count / BLOCK; b++) {
      encodeBlock(values, offset + b * BLOCK, b, levels, scales, bytes);
      target.put(bytes);
    }
  }

  private static void encodeBlock(
      float[] x, int base, int block, byte[] levels, float[] scales, byte[] out) {
    Arrays.fill(out, (byte) 0);
    float maxScale = 0;
    float maxAbsScale = 0;
    for (int ib = 0; ib < SUBS; ib++) {
      float scale = makeQxQuants(x, base + SUB * ib, levels, SUB * ib);
      scales[ib] = scale;
      float absScale = Math.abs(scale);
      if (absScale > maxAbsScale) {
        maxAbsScale = absScale;
        maxScale = scale;
      }
    }
    if (maxAbsScale < GROUP_MAX_EPS) {
      return;
    }
    float iscale = -128f / maxScale;
    short dBits = Quantization.scale(GgmlType.Q6_K, 1 / iscale, block);
    for (int ib = 0; ib < SUBS; ib++) {
      out[192 + ib] = (byte) Math.min(127, Quantization.nearestInt(iscale * scales[ib]));
    }
    float d = HalfFloats.fromF16(dBits);
    for (int j = 0; j < SUBS; j++) {
      float dj = d * out[192 + j];
      if (dj == 0) {
        continue;
      }
      for (int ii = 0; ii < SUB; ii++) {
        int l = Quantization.nearestInt(x[base + SUB * j + ii] / dj);
        l = Math.max(-32, Math.min(31, l));
        levels[SUB * j + ii] = (byte) (l + 32);
      }
    }
    for (int half = 0; half < 2; half++) {
      int l0 = 128 * half;
      for (int l = 0; l < 32; l++) {
        int a = levels[l0 + l];
        int bb = levels[l0 + l + 32];
        int c = levels[l0 + l + 64];
        int e = levels[l0 + l + 96];
        out[64 * half + l] = (byte) ((a & 0xF) | (c & 0xF) << 4);
        out[64 * half + 32 + l] = (byte) ((bb & 0xF) | (e & 0xF) << 4);
        out[128 + 32 * half + l] = (byte) (a >> 4 | (bb >> 4) << 2 | (c >> 4) << 4 | (e >> 4) << 6);
      }
    }
    out[208] = (byte) dBits;
    out[209] = (byte) (dBits >> 8);
  }

  /**
   * ggml's {@code make_qx_quants} for 16 values with {@code nmax} 32 and {@code rmse_type} 1
   * (weights x²): fills {@code levels} with {@code l+32}, returns the scale (signed).
   */
  private static float makeQxQuants(float[] x, int at, byte[] levels, int levelsAt) {
    float max = 0;
    float amax = 0;
    for (int i = 0; i < SUB; i++) {
      float ax = Math.abs(x[at + i]);
      if (ax > amax) {
        amax = ax;
        max = x[at + i];
      }
    }
    if (amax < GROUP_MAX_EPS) {
      for (int i = 0; i < SUB; i++) {
        levels[levelsAt + i] = 0;
      }
      return 0f;
    }
    float iscale = -NMAX / max;
    float sumlx = 0;
    float suml2 = 0;
    for (int i = 0; i < SUB; i++) {
      float v = x[at + i];
      int l = Math.max(-NMAX, Math.min(NMAX - 1, Quantization.nearestInt(iscale * v)));
      levels[levelsAt + i] = (byte) (l + NMAX);
      float w = v * v;
      sumlx += w * v * l;
      suml2 += w * l * l;
    }
    float scale = suml2 != 0 ? sumlx / suml2 : 0.0f;
    float best = scale * sumlx;
    for (int is = -9; is <= 9; is++) {
      if (is == 0) {
        continue;
      }
      iscale = -(NMAX + 0.1f * is) / max;
      sumlx = 0;
      suml2 = 0;
      for (int i = 0; i < SUB; i++) {
        float v = x[at + i];
        int l = Math.max(-NMAX, Math.min(NMAX - 1, Quantization.nearestInt(iscale * v)));
        float w = v * v;
        sumlx += w * v * l;
        suml2 += w * l * l;
      }
      if (suml2 > 0 && sumlx * sumlx > best * suml2) {
        for (int i = 0; i < SUB; i++) {
          int l = Quantization.nearestInt(iscale * x[at + i]);
          levels[levelsAt + i] = (byte) (NMAX + Math.max(-NMAX, Math.min(NMAX - 1, l)));
        }
        scale = sumlx / suml2;
        best = scale * sumlx;
      }
    }
    return scale;
  }

  @Override
  public void decode(ByteBuffer source, float[] values, int offset, int count) {
    TensorCodec.checkArguments(GgmlType.Q6_K, count, source);
    byte[] block = new byte[GgmlType.Q6_K.bytesPerBlock()];
    for (int b = 0; b < count / BLOCK; b++) {
      source.get(block);
      float d = HalfFloats.fromF16((short) ((block[208] & 0xFF) | block[209] << 8));
      int y = offset + b * BLOCK;
      for (int half = 0; half < 2; half++) {
        int ql = 64 * half;
        int qh = 128 + 32 * half;
        int sc = 192 + 8 * half;
        for (int l = 0; l < 32; l++) {
          int is = l / 16;
          int h = block[qh + l] & 0xFF;
          int q1 = ((block[ql + l] & 0xF) | ((h & 3) << 4)) - 32;
          int q2 = ((block[ql + l + 32] & 0xF) | (((h >> 2) & 3) << 4)) - 32;
          int q3 = (((block[ql + l] & 0xFF) >> 4) | (((h >> 4) & 3) << 4)) - 32;
          int q4 = (((block[ql + l + 32] & 0xFF) >> 4) | (((h >> 6) & 3) << 4)) - 32;
          values[y + l] = d * block[sc + is] * q1;
          values[y + l + 32] = d * block[sc + is + 2] * q2;
          values[y + l + 64] = d * block[sc + is + 4] * q3;
          values[y + l + 96] = d * block[sc + is + 6] * q4;
        }
        y += 128;
      }
    }
  }
}
