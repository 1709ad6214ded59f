package dev.samovar.models.gguf;

/** The rounding functions and scale checks of ggml's reference quantizers. */
final class Quantization {
  /** The largest finite F16 value. */
  static final float F16_MAX = 65504f;

  private Quantization() {}

  /** C's {@code roundf}: to nearest, ties away from zero (exact for every float up to 2^29). */
  static int roundHalfAway(float value) {
    return (int) (value + Math.copySign(0.5, value));
  }

  /**
   * ggml's {@code nearest_int}: to nearest, ties to even, by adding 1.5 * 2^23 and reading the low
   * mantissa bits (exact for |value| below 2^22, as ggml asserts).
   */
  static int nearestInt(float value) {
    return (Float.floatToRawIntBits(value + 12582912f) & 0x007FFFFF) - 0x00400000;
  }

  /**
   * The F16 bits of a block scale.
   *
   * @throws IllegalArgumentException when the scale is beyond F16's range (the block's values are
   *     too large for the format)
   */
  static short scale(GgmlType type, float scale, int block) {
    if (!(Math.abs(scale) <= F16_MAX)) {
      throw new IllegalArgumentException(
          "block "
              + block
              + " needs a "
              + type
              + " scale of "
              + scale
              + ", beyond F16's range: its values are too large for "
              + type);
    }
    return HalfFloats.toF16(scale);
  }
}
