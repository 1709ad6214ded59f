package dev.samovar.models.gguf;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;

/**
 * Decodes blocks built byte by byte from the format descriptions, independently of the encoders.
 */
class BlockDecodeTest {
  private static final short ONE = 0x3C00;
  private static final short HALF = 0x3800;
  private static final short QUARTER = 0x3400;

  private static float[] decode(GgmlType type, byte[] bytes, int count) {
    float[] values = new float[count];
    TensorCodec.of(type)
        .orElseThrow()
        .decode(ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN), values, 0, count);
    return values;
  }

  private static void putF16(byte[] bytes, int at, short bits) {
    bytes[at] = (byte) bits;
    bytes[at + 1] = (byte) (bits >> 8);
  }

  @Test
  void q8BlockIsScaleTimesSignedBytes() {
    byte[] block = new byte[34];
    putF16(block, 0, HALF);
    for (int j = 0; j < 32; j++) {
      block[2 + j] = (byte) (j * 8 - 128);
    }
    float[] values = decode(GgmlType.Q8_0, block, 32);
    for (int j = 0; j < 32; j++) {
      assertThat(values[j]).as("element %d", j).isEqualTo((j * 8 - 128) * 0.5f);
    }
  }

  @Test
  void q4BlockHasElementJInTheLowNibbleAndJPlus16InTheHighNibble() {
    byte[] block = new byte[18];
    putF16(block, 0, (short) 0xB800); // -0.5
    for (int j = 0; j < 16; j++) {
      block[2 + j] = (byte) (j | (15 - j) << 4);
    }
    float[] values = decode(GgmlType.Q4_0, block, 32);
    for (int j = 0; j < 16; j++) {
      assertThat(values[j]).isEqualTo((j - 8) * -0.5f);
      assertThat(values[16 + j]).isEqualTo((7 - j) * -0.5f);
    }
  }

  @Test
  void q4kBlockUnpacksSixBitScalesAndMinsAndNibbleChunks() {
    int[] sc = {1, 2, 3, 4, 41, 50, 63, 17};
    int[] m = {0, 5, 10, 63, 20, 33, 1, 48};
    byte[] block = new byte[144];
    putF16(block, 0, ONE);
    putF16(block, 2, HALF);
    for (int j = 0; j < 4; j++) {
      block[4 + j] = (byte) (sc[j] | (sc[j + 4] >> 4) << 6);
      block[4 + j + 4] = (byte) (m[j] | (m[j + 4] >> 4) << 6);
      block[4 + j + 8] = (byte) ((sc[j + 4] & 15) | (m[j + 4] & 15) << 4);
    }
    int[] levels = new int[256];
    for (int i = 0; i < 256; i++) {
      levels[i] = (i * 7 + i / 32) % 16;
    }
    for (int c = 0; c < 4; c++) {
      for (int l = 0; l < 32; l++) {
        block[16 + 32 * c + l] = (byte) (levels[64 * c + l] | levels[64 * c + 32 + l] << 4);
      }
    }
    float[] values = decode(GgmlType.Q4_K, block, 256);
    for (int i = 0; i < 256; i++) {
      int j = i / 32;
      assertThat(values[i]).as("element %d", i).isEqualTo(1f * sc[j] * levels[i] - 0.5f * m[j]);
    }
  }

  @Test
  void q6kBlockUnpacksLowAndHighBitsAndSignedScalesWithTheScaleLast() {
    int[] levels = new int[256];
    for (int i = 0; i < 256; i++) {
      levels[i] = (i * 37 + 11) % 64;
    }
    byte[] block = new byte[210];
    for (int n = 0; n < 2; n++) {
      for (int l = 0; l < 32; l++) {
        int a = levels[128 * n + l];
        int b = levels[128 * n + l + 32];
        int c = levels[128 * n + l + 64];
        int e = levels[128 * n + l + 96];
        block[64 * n + l] = (byte) ((a & 15) | (c & 15) << 4);
        block[64 * n + 32 + l] = (byte) ((b & 15) | (e & 15) << 4);
        block[128 + 32 * n + l] = (byte) (a >> 4 | (b >> 4) << 2 | (c >> 4) << 4 | (e >> 4) << 6);
      }
    }
    for (int j = 0; j < 16; j++) {
      block[192 + j] = (byte) (j * 17 - 128);
    }
    putF16(block, 208, QUARTER);
    float[] values = decode(GgmlType.Q6_K, block, 256);
    for (int i = 0; i < 256; i++) {
      int scale = (i / 16) * 17 - 128;
      assertThat(values[i]).as("element %d", i).isEqualTo(0.25f * scale * (levels[i] - 32));
    }
  }

  @Test
  void halfFloatsDecodeExactly() {
    byte[] f16 = new byte[8];
    putF16(f16, 0, ONE);
    putF16(f16, 2, (short) 0x7BFF);
    putF16(f16, 4, (short) 0x0001);
    putF16(f16, 6, (short) 0xFC00);
    assertThat(decode(GgmlType.F16, f16, 4))
        .containsExactly(1f, 65504f, 5.9604645e-8f, Float.NEGATIVE_INFINITY);
    byte[] bf16 = new byte[4];
    putF16(bf16, 0, (short) 0x3F80);
    putF16(bf16, 2, (short) 0xC2F7);
    assertThat(decode(GgmlType.BF16, bf16, 2)).containsExactly(1f, -123.5f);
  }
}
