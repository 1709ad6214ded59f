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

  /** ggml's {@code nearest_int}: to nearest, ties to even. */
  static int nearestInt(float value) {
    return (int) Math.rint(value);
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
