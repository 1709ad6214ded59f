package dev.samovar.models.gguf;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Q4_K: super-blocks of 256 values in 144 bytes: F16 {@code d} and {@code dmin}, 12 bytes of packed
 * 6-bit scales {@code sc[j]} and mins {@code m[j]} of 8 sub-blocks of 32, and 128 bytes of 4-bit
 * {@code L}; value {@code d*sc[j]*L - dmin*m[j]}. Quantized as ggml's {@code
 * quantize_row_q4_K_ref}: a weighted least-squares fit of scale and minimum per sub-block ({@code
 * make_qkx2_quants}), the scales and mins quantized to 6 bits against their maxima, then every
 * value requantized with the stored (F16-rounded) scales.
 */
final class Q4KCodec implements TensorCodec {
  static final Q4KCodec INSTANCE = new Q4KCodec();
  private static final int BLOCK = 256;
  private static final int SUB = 32;
  private static final int SUBS = BLOCK / SUB;

  private Q4KCodec() {}

  @Override
  public GgmlType type() {
    return GgmlType.Q4_K;
  }

  @Override
  public void encode(float[] values, int offset, int count, ByteBuffer target) {
    TensorCodec.checkArguments(GgmlType.Q4_K, count, target);
    Scratch s = new Scratch();
    for (int b = 0; b < count / BLOCK; b++) {
      encodeBlock(values, offset + b * BLOCK, b, target, s);
    }
  }

  private static void encodeBlock(float[] x, int base, int block, ByteBuffer target, Scratch s) {
    float maxScale = 0;
    float maxMin = 0;
    for (int j = 0; j < SUBS; j++) {
      int at = base + SUB * j;
      float sumX2 = 0;
      for (int l = 0; l < SUB; l++) {
        sumX2 += x[at + l] * x[at + l];
      }
      float avX = (float) Math.sqrt(sumX2 / SUB);
      for (int l = 0; l < SUB; l++) {
        s.weights[l] = avX + Math.abs(x[at + l]);
      }
      s.scales[j] = makeQkx2Quants(x, at, s.weights, s.levels, SUB * j, s, -1f, 0.1f, 20);
      s.mins[j] = s.theMin;
      maxScale = Math.max(maxScale, s.scales[j]);
      maxMin = Math.max(maxMin, s.mins[j]);
    }
    float invScale = maxScale > 0 ? 63f / maxScale : 0f;
    float invMin = maxMin > 0 ? 63f / maxMin : 0f;
    byte[] packed = s.packed;
    Arrays.fill(packed, (byte) 0);
    for (int j = 0; j < SUBS; j++) {
      int ls = Math.min(63, Quantization.nearestInt(invScale * s.scales[j]) & 0xFF);
      int lm = Math.min(63, Quantization.nearestInt(invMin * s.mins[j]) & 0xFF);
      if (j < 4) {
        packed[j] = (byte) ls;
        packed[j + 4] = (byte) lm;
      } else {
        packed[j + 4] = (byte) ((ls & 0xF) | ((lm & 0xF) << 4));
        packed[j - 4] |= (byte) ((ls >> 4) << 6);
        packed[j] |= (byte) ((lm >> 4) << 6);
      }
    }
    short dBits = Quantization.scale(GgmlType.Q4_K, maxScale / 63f, block);
    short dminBits = Quantization.scale(GgmlType.Q4_K, maxMin / 63f, block);
    float d = HalfFloats.fromF16(dBits);
    float dmin = HalfFloats.fromF16(dminBits);
    for (int j = 0; j < SUBS; j++) {
      float dj = d * scaleOf(packed, j);
      if (dj == 0) {
        continue;
      }
      float dm = dmin * minOf(packed, j);
      for (int ii = 0; ii < SUB; ii++) {
        int l = Quantization.nearestInt((x[base + SUB * j + ii] + dm) / dj);
        s.levels[SUB * j + ii] = (byte) Math.max(0, Math.min(15, l));
      }
    }
    target.putShort(dBits);
    target.putShort(dminBits);
    target.put(packed);
    for (int c = 0; c < BLOCK; c += 64) {
      for (int l = 0; l < SUB; l++) {
        target.put((byte) (s.levels[c + l] | s.levels[c + l + SUB] << 4));
      }
    }
  }

  /**
   * ggml's {@code make_qkx2_quants} for one sub-block of 32 with {@code nmax} 15: fills {@code
   * levels}, returns the scale and leaves the (negated) minimum in {@code s.theMin}.
   */
  private static float makeQkx2Quants(
      float[] x,
      int at,
      float[] weights,
      byte[] levels,
      int levelsAt,
      Scratch s,
      float rmin,
      float rdelta,
      int nstep) {
    final int n = SUB;
    final int nmax = 15;
    float min = x[at];
    float max = x[at];
    float sumW = weights[0];
    float sumX = sumW * x[at];
    for (int i = 1; i < n; i++) {
      if (x[at + i] < min) {
        min = x[at + i];
      }
      if (x[at + i] > max) {
        max = x[at + i];
      }
      float w = weights[i];
      sumW += w;
      sumX += w * x[at + i];
    }
    if (min > 0) {
      min = 0;
    }
    if (max == min) {
      for (int i = 0; i < n; i++) {
        levels[levelsAt + i] = 0;
      }
      s.theMin = -min;
      return 0f;
    }
    float iscale = nmax / (max - min);
    float scale = 1 / iscale;
    float bestError = 0;
    for (int i = 0; i < n; i++) {
      int l = Quantization.nearestInt(iscale * (x[at + i] - min));
      l = Math.max(0, Math.min(nmax, l));
      levels[levelsAt + i] = (byte) l;
      float diff = scale * l + min - x[at + i];
      bestError += weights[i] * (diff * diff);
    }
    byte[] aux = s.aux;
    for (int is = 0; is <= nstep; is++) {
      iscale = (rmin + rdelta * is + nmax) / (max - min);
      float sumL = 0;
      float sumL2 = 0;
      float sumXl = 0;
      for (int i = 0; i < n; i++) {
        int l = Quantization.nearestInt(iscale * (x[at + i] - min));
        l = Math.max(0, Math.min(nmax, l));
        aux[i] = (byte) l;
        float w = weights[i];
        sumL += w * l;
        sumL2 += w * l * l;
        sumXl += w * l * x[at + i];
      }
      float det = sumW * sumL2 - sumL * sumL;
      if (det > 0) {
        float thisScale = (sumW * sumXl - sumX * sumL) / det;
        float thisMin = (sumL2 * sumX - sumL * sumXl) / det;
        if (thisMin > 0) {
          thisMin = 0;
          thisScale = sumXl / sumL2;
        }
        float curError = 0;
        for (int i = 0; i < n; i++) {
          float diff = thisScale * aux[i] + thisMin - x[at + i];
          curError += weights[i] * (diff * diff);
        }
        if (curError < bestError) {
          System.arraycopy(aux, 0, levels, levelsAt, n);
          bestError = curError;
          scale = thisScale;
          min = thisMin;
        }
      }
    }
    s.theMin = -min;
    return scale;
  }

  /** The 6-bit scale of sub-block {@code j} ({@code get_scale_min_k4}). */
  static int scaleOf(byte[] packed, int j) {
    return j < 4 ? packed[j] & 63 : (packed[j + 4] & 0xF) | (((packed[j - 4] & 0xFF) >> 6) << 4);
  }

  /** The 6-bit min of sub-block {@code j} ({@code get_scale_min_k4}). */
  static int minOf(byte[] packed, int j) {
    return j < 4
        ? packed[j + 4] & 63
        : ((packed[j + 4] & 0xFF) >> 4) | (((packed[j] & 0xFF) >> 6) << 4);
  }

  @Override
  public void decode(ByteBuffer source, float[] values, int offset, int count) {
    TensorCodec.checkArguments(GgmlType.Q4_K, count, source);
    byte[] packed = new byte[12];
    byte[] qs = new byte[BLOCK / 2];
    for (int b = 0; b < count / BLOCK; b++) {
      float d = HalfFloats.fromF16(source.getShort());
      float min = HalfFloats.fromF16(source.getShort());
      source.get(packed);
      source.get(qs);
      int y = offset + b * BLOCK;
      int q = 0;
      for (int is = 0; is < SUBS; is += 2) {
        float d1 = d * scaleOf(packed, is);
        float m1 = min * minOf(packed, is);
        float d2 = d * scaleOf(packed, is + 1);
        float m2 = min * minOf(packed, is + 1);
        for (int l = 0; l < SUB; l++) {
          values[y++] = d1 * (qs[q + l] & 0xF) - m1;
        }
        for (int l = 0; l < SUB; l++) {
          values[y++] = d2 * ((qs[q + l] & 0xFF) >> 4) - m2;
        }
        q += SUB;
      }
    }
  }

  /** Per-call working arrays. */
  private static final class Scratch {
    final float[] weights = new float[SUB];
    final float[] scales = new float[SUBS];
    final float[] mins = new float[SUBS];
    final byte[] levels = new byte[BLOCK];
    final byte[] aux = new byte[SUB];
    final byte[] packed = new byte[12];
    float theMin;
  }
}
