package dev.samovar.models.gguf;

/**
 * Conversions between float, double and the 16-bit formats F16 (IEEE binary16) and BF16, each
 * rounding to nearest with ties to even exactly once.
 */
public final class HalfFloats {
  private HalfFloats() {}

  /** The BF16 bits nearest to {@code value}; NaN stays a (quiet) NaN. */
  public static short toBf16(float value) {
    int bits = Float.floatToRawIntBits(value);
    if (Float.isNaN(value)) {
      return (short) ((bits >>> 16) | 0x40);
    }
    return (short) ((bits + 0x7FFF + ((bits >>> 16) & 1)) >>> 16);
  }

  /** The float a BF16 value stands for (exact). */
  public static float fromBf16(short bits) {
    return Float.intBitsToFloat((bits & 0xFFFF) << 16);
  }

  /** The F16 bits nearest to {@code value}; beyond ±65504 rounds to infinity. */
  public static short toF16(float value) {
    return Float.floatToFloat16(value);
  }

  /** The float an F16 value stands for (exact). */
  public static float fromF16(short bits) {
    return Float.float16ToFloat(bits);
  }

  /** The BF16 bits nearest to {@code value}, rounded once (not through a rounded float). */
  public static short toBf16(double value) {
    return toBf16(roundToOddFloat(value));
  }

  /** The F16 bits nearest to {@code value}, rounded once (not through a rounded float). */
  public static short toF16(double value) {
    return toF16(roundToOddFloat(value));
  }

  /**
   * {@code value} rounded to a float with round-to-odd: truncated toward zero, the last bit set
   * when that lost anything. Rounding the result to nearest-even at a precision at least two bits
   * shorter than a float's (BF16: 8 bits, F16: 11 bits, both below 24) gives the same as rounding
   * {@code value} there directly.
   */
  static float roundToOddFloat(double value) {
    float nearest = (float) value;
    if (Double.isNaN(value) || Double.isInfinite(value) || nearest == value) {
      return nearest;
    }
    float truncated =
        Math.abs((double) nearest) > Math.abs(value) ? Math.nextAfter(nearest, 0.0) : nearest;
    if (Float.isInfinite(truncated)) {
      truncated = Math.copySign(Float.MAX_VALUE, truncated);
    }
    return Float.intBitsToFloat(Float.floatToRawIntBits(truncated) | 1);
  }
}
