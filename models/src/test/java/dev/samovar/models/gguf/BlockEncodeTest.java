package dev.samovar.models.gguf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.IntToDoubleFunction;
import org.junit.jupiter.api.Test;

/**
 * Encodes hand-made blocks to known bytes, and random and adversarial blocks within each format's
 * own error bound: every decoded value is the point of its block's grid nearest to the input (the
 * grid the stored scales define), which is within half a step unless the input lies beyond the
 * grid's ends (the clamp cases). Q8_0 and Q4_0 round with the unrounded scale, so their bound adds
 * the F16 rounding of the scale times the level.
 */
class BlockEncodeTest {
  private static final GgmlType[] QUANTIZED = {
    GgmlType.Q8_0, GgmlType.Q4_0, GgmlType.Q4_K, GgmlType.Q6_K
  };

  private static byte[] encode(GgmlType type, float[] values) {
    ByteBuffer out =
        ByteBuffer.allocate((int) type.byteSize(values.length)).order(ByteOrder.LITTLE_ENDIAN);
    TensorCodec.of(type).orElseThrow().encode(values, 0, values.length, out);
    assertThat(out.hasRemaining()).isFalse();
    return out.array();
  }

  private static float[] decode(GgmlType type, byte[] bytes, int count) {
    float[] values = new float[count];
    TensorCodec.of(type)
        .orElseThrow()
        .decode(ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN), values, 0, count);
    return values;
  }

  private static float f16(byte[] bytes, int at) {
    return Float.float16ToFloat((short) ((bytes[at] & 0xFF) | bytes[at + 1] << 8));
  }

  @Test
  void q8RoundsHalfAwayFromZeroWithTheUnroundedScale() {
    float[] x = new float[32];
    x[0] = 127;
    x[1] = 0.5f;
    x[2] = -2.5f;
    x[3] = 2.5f;
    x[4] = -0.49999997f;
    x[5] = 126.5f;
    x[6] = -127;
    x[7] = -1.5f;
    byte[] block = encode(GgmlType.Q8_0, x);
    assertThat(block[0]).isEqualTo((byte) 0x00);
    assertThat(block[1]).isEqualTo((byte) 0x3C);
    assertThat(Arrays.copyOfRange(block, 2, 10)).containsExactly(127, 1, -3, 3, 0, 127, -127, -2);
    assertThat(Arrays.copyOfRange(block, 10, 34)).containsOnly(0);
  }

  @Test
  void q4TakesTheFirstLargestSignedValueAndTruncatesPlusEightAndAHalf() {
    float[] x = new float[32];
    x[0] = -8;
    x[1] = 7;
    x[2] = 7.4f;
    x[3] = 7.6f;
    x[4] = -0.5f;
    x[5] = 8;
    x[6] = 0.5f;
    x[7] = -7.6f;
    x[16] = -7.5f;
    x[17] = 3.2f;
    byte[] block = encode(GgmlType.Q4_0, x);
    assertThat(f16(block, 0)).isEqualTo(1f);
    int[] low = new int[16];
    int[] high = new int[16];
    for (int j = 0; j < 16; j++) {
      low[j] = block[2 + j] & 15;
      high[j] = (block[2 + j] & 0xFF) >> 4;
    }
    assertThat(low).startsWith(0, 15, 15, 15, 8, 15, 9, 0, 8);
    assertThat(high).startsWith(1, 11, 8);
  }

  @Test
  void q6ReproducesValuesOnAPowerOfTwoGridExactly() {
    float[] x = new float[256];
    for (int i = 0; i < 256; i++) {
      x[i] = ((i * 29) % 64 - 32) / 16f;
    }
    for (int sub = 0; sub < 16; sub++) {
      x[16 * sub] = -2f;
    }
    assertThat(decode(GgmlType.Q6_K, encode(GgmlType.Q6_K, x), 256)).containsExactly(x);
  }

  @Test
  void allZeroBlocksDecodeToZero() {
    float[] zeros = new float[256];
    for (GgmlType type : QUANTIZED) {
      for (float value : decode(type, encode(type, zeros), 256)) {
        assertThat(value).as("%s", type).isZero();
      }
    }
    assertThat(encode(GgmlType.Q8_0, zeros)).containsOnly(0);
    assertThat(encode(GgmlType.Q4_K, zeros)).containsOnly(0);
    assertThat(encode(GgmlType.Q6_K, zeros)).containsOnly(0);
    byte[] q4 = encode(GgmlType.Q4_0, zeros);
    assertThat(Arrays.copyOfRange(q4, 0, 2)).as("d = 0/-8 = -0").containsExactly(0, -128);
    assertThat(Arrays.copyOfRange(q4, 2, 18)).as("levels 8").containsOnly((byte) 0x88);
  }

  @Test
  void randomBlocksStayWithinTheirFormatsBound() {
    Random random = new Random(7);
    List<float[]> rows = new ArrayList<>();
    rows.add(row(4096, i -> random.nextGaussian() * 0.02));
    rows.add(row(4096, i -> random.nextDouble() * 2 - 1));
    rows.add(row(4096, i -> random.nextGaussian() * (random.nextInt(100) == 0 ? 3 : 0.01)));
    rows.add(row(4096, i -> random.nextGaussian() * 0.02 + 0.015));
    rows.add(row(4096, i -> -Math.abs(random.nextGaussian()) * 1e-3));
    rows.add(row(4096, i -> Math.abs(random.nextGaussian()) * 1e4));
    for (GgmlType type : QUANTIZED) {
      for (float[] values : rows) {
        checkBound(type, values);
      }
    }
  }

  @Test
  void adversarialBlocksStayWithinTheirFormatsBound() {
    Random random = new Random(11);
    List<float[]> rows = new ArrayList<>();
    rows.add(row(256, i -> 0.75));
    rows.add(row(256, i -> -3.25));
    rows.add(row(256, i -> i % 2 == 0 ? 1 : -1));
    rows.add(row(256, i -> i == 77 ? 1e4 : random.nextGaussian() * 1e-3));
    rows.add(row(256, i -> i % 32 == 5 ? -60000 : random.nextGaussian()));
    rows.add(row(256, i -> (i % 32 - 15.5) / 127.0));
    rows.add(row(256, i -> Math.scalb(1.0, -(i % 40) - 100)));
    rows.add(row(256, i -> i % 16 == 0 ? 1e-20 : 0));
    rows.add(row(256, i -> i < 128 ? 1e-3 : 1e3));
    rows.add(row(256, i -> (i % 2 == 0 ? 1 : -1) * Float.MIN_VALUE * (i + 1)));
    rows.add(row(256, i -> i / 16 % 2 == 0 ? 5 + random.nextGaussian() * 1e-4 : -5));
    for (GgmlType type : QUANTIZED) {
      for (float[] values : rows) {
        checkBound(type, values);
      }
    }
  }

  @Test
  void valuesBeyondWhatAnF16ScaleCanHoldAreRefused() {
    float[] huge = new float[256];
    huge[3] = 1e7f;
    assertThatThrownBy(() -> encode(GgmlType.Q8_0, huge))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "block 0 needs a Q8_0 scale of 78740.16, beyond F16's range: its values are too large"
                + " for Q8_0");
    float[] large = new float[256];
    large[200] = -1e6f;
    assertThatThrownBy(() -> encode(GgmlType.Q4_0, large))
        .hasMessageStartingWith("block 6 needs a Q4_0 scale of 125000.0");
    float[] larger = new float[512];
    larger[300] = 1e9f;
    assertThatThrownBy(() -> encode(GgmlType.Q6_K, larger))
        .hasMessageStartingWith("block 1 needs a Q6_K scale of 244140.62");
    assertThatThrownBy(() -> encode(GgmlType.Q4_K, larger))
        .hasMessageStartingWith("block 1 needs a Q4_K scale of");
  }

  @Test
  void partialBlocksAndBigEndianBuffersAreRefused() {
    for (GgmlType type : QUANTIZED) {
      assertThatThrownBy(
              () ->
                  TensorCodec.of(type)
                      .orElseThrow()
                      .encode(new float[48], 0, 48, ByteBuffer.allocate(1000)))
          .hasMessageEndingWith("not a whole number of " + type + " blocks of " + type.blockSize());
    }
    assertThatThrownBy(
            () ->
                TensorCodec.of(GgmlType.F32)
                    .orElseThrow()
                    .encode(new float[1], 0, 1, ByteBuffer.allocate(4)))
        .hasMessage("tensor bytes are little-endian; the buffer is not");
    assertThat(TensorCodec.of(GgmlType.Q5_0)).isEmpty();
  }

  private static float[] row(int n, IntToDoubleFunction value) {
    float[] values = new float[n];
    for (int i = 0; i < n; i++) {
      values[i] = (float) value.applyAsDouble(i);
    }
    return values;
  }

  private static void checkBound(GgmlType type, float[] x) {
    byte[] bytes = encode(type, x);
    float[] y = decode(type, bytes, x.length);
    int bpb = type.bytesPerBlock();
    for (int b = 0; b < x.length / type.blockSize(); b++) {
      int base = b * type.blockSize();
      byte[] block = Arrays.copyOfRange(bytes, b * bpb, (b + 1) * bpb);
      switch (type) {
        case Q8_0 -> checkQ8(x, y, base, block);
        case Q4_0 -> checkQ4(x, y, base, block);
        case Q4_K -> checkQ4K(x, y, base, block);
        case Q6_K -> checkQ6K(x, y, base, block);
        default -> throw new AssertionError(type);
      }
    }
  }

  private static void checkQ8(float[] x, float[] y, int base, byte[] block) {
    double amax = 0;
    for (int j = 0; j < 32; j++) {
      amax = Math.max(amax, Math.abs(x[base + j]));
    }
    double d = amax / 127;
    double stored = f16(block, 0);
    if (stored == 0) {
      assertThat(d).as("only a scale below F16's least half step becomes 0").isLessThan(0x1p-24);
      for (int j = 0; j < 32; j++) {
        assertThat(y[base + j]).as("a block whose scale underflows decodes to 0").isZero();
      }
      return;
    }
    for (int j = 0; j < 32; j++) {
      int q = block[2 + j];
      double bound = 0.5 * d + Math.abs(q) * Math.abs(stored - d) + slack(x[base + j], stored);
      assertThat(Math.abs(x[base + j] - (double) y[base + j]))
          .as("Q8_0 element %d of %f (d %g)", base + j, x[base + j], stored)
          .isLessThanOrEqualTo(bound);
      assertThat(y[base + j]).isEqualTo(q * (float) stored);
    }
  }

  private static void checkQ4(float[] x, float[] y, int base, byte[] block) {
    double max = 0;
    for (int j = 0; j < 32; j++) {
      if (Math.abs(x[base + j]) > Math.abs(max)) {
        max = x[base + j];
      }
    }
    double d = max / -8;
    double stored = f16(block, 0);
    if (stored == 0) {
      assertThat(Math.abs(d)).isLessThan(0x1p-24);
      for (int j = 0; j < 32; j++) {
        assertThat(y[base + j]).as("a block whose scale underflows decodes to 0").isZero();
      }
      return;
    }
    for (int j = 0; j < 32; j++) {
      double v = x[base + j];
      int level = j < 16 ? block[2 + j] & 15 : (block[2 + j - 16] & 0xFF) >> 4;
      if (d != 0 && v / d > 7.5) {
        assertThat(level)
            .as("Q4_0 element %d beyond the grid's end is clamped", base + j)
            .isEqualTo(15);
      } else {
        double bound =
            0.5 * Math.abs(d) + Math.abs(level - 8) * Math.abs(stored - d) + slack(v, stored);
        assertThat(Math.abs(v - y[base + j]))
            .as("Q4_0 element %d of %f (d %g)", base + j, v, stored)
            .isLessThanOrEqualTo(bound);
      }
    }
  }

  private static void checkQ4K(float[] x, float[] y, int base, byte[] block) {
    double d = f16(block, 0);
    double dmin = f16(block, 2);
    byte[] packed = Arrays.copyOfRange(block, 4, 16);
    for (int j = 0; j < 8; j++) {
      int sc;
      int m;
      if (j < 4) {
        sc = packed[j] & 63;
        m = packed[j + 4] & 63;
      } else {
        sc = (packed[j + 4] & 15) | ((packed[j - 4] & 0xFF) >> 6) << 4;
        m = ((packed[j + 4] & 0xFF) >> 4) | ((packed[j] & 0xFF) >> 6) << 4;
      }
      double step = d * sc;
      double offset = -dmin * m;
      checkNearestOnGrid("Q4_K", x, y, base + 32 * j, 32, step, offset, 0, 15);
    }
  }

  private static void checkQ6K(float[] x, float[] y, int base, byte[] block) {
    double d = f16(block, 208);
    for (int j = 0; j < 16; j++) {
      checkNearestOnGrid("Q6_K", x, y, base + 16 * j, 16, d * block[192 + j], 0, -32, 31);
    }
  }

  /**
   * Each decoded value is the grid point {@code offset + step*L}, L in [lo, hi], nearest to the
   * input; without clamping that is within half a step.
   */
  private static void checkNearestOnGrid(
      String format,
      float[] x,
      float[] y,
      int at,
      int n,
      double step,
      double offset,
      int lo,
      int hi) {
    double first = offset + step * lo;
    double last = offset + step * hi;
    for (int i = at; i < at + n; i++) {
      double v = x[i];
      double best = Double.MAX_VALUE;
      for (int l = lo; l <= hi; l++) {
        best = Math.min(best, Math.abs(v - (offset + step * l)));
      }
      double error = Math.abs(v - y[i]);
      double tolerance = slack(v, Math.abs(step) * Math.max(Math.abs(lo), hi) + Math.abs(offset));
      assertThat(error)
          .as("%s element %d of %g: step %g, offset %g", format, i, v, step, offset)
          .isLessThanOrEqualTo(best + tolerance);
      boolean inside = v >= Math.min(first, last) && v <= Math.max(first, last);
      if (inside) {
        assertThat(error).isLessThanOrEqualTo(Math.abs(step) / 2 + tolerance);
      }
    }
  }

  /** Float rounding in the codec's own arithmetic. */
  private static double slack(double value, double scale) {
    return 4e-7 * (Math.abs(value) + Math.abs(scale) * 16);
  }
}
