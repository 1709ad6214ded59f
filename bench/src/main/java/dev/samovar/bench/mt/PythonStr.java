package dev.samovar.bench.mt;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.Optional;

/**
 * Python's {@code str()} of a JSON scalar, which is what FastChat puts into a prompt when a "turn"
 * is a number (ruMT-Bench's reference answers have a few, such as 12000 and 0.19): integers in
 * decimal, floats as Python's shortest repr ({@code 2.0}, {@code 1e-05}, {@code 1e+16}), booleans
 * as True/False.
 */
final class PythonStr {
  private static final int FIXED_MIN_EXPONENT = -4;
  private static final int FIXED_MAX_EXPONENT = 16;

  private PythonStr() {}

  /** The text of a string, number or boolean node; empty for null, arrays and objects. */
  static Optional<String> of(JsonNode node) {
    if (node.isTextual()) {
      return Optional.of(node.textValue());
    }
    if (node.isIntegralNumber()) {
      return Optional.of(node.bigIntegerValue().toString());
    }
    if (node.isNumber()) {
      return Optional.of(floatRepr(node.doubleValue()));
    }
    if (node.isBoolean()) {
      return Optional.of(node.booleanValue() ? "True" : "False");
    }
    return Optional.empty();
  }

  static String floatRepr(double value) {
    if (value == 0) {
      return (1 / value < 0) ? "-0.0" : "0.0";
    }
    // Double.toString gives the shortest digits that read back as the same double, as repr does.
    BigDecimal exact = new BigDecimal(Double.toString(value)).stripTrailingZeros();
    int exponent = exact.precision() - exact.scale() - 1;
    if (exponent >= FIXED_MIN_EXPONENT && exponent < FIXED_MAX_EXPONENT) {
      String plain = exact.toPlainString();
      return plain.contains(".") ? plain : plain + ".0";
    }
    String digits = exact.unscaledValue().abs().toString();
    String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
    return (value < 0 ? "-" : "")
        + mantissa
        + "e"
        + (exponent < 0 ? "-" : "+")
        + String.format("%02d", Math.abs(exponent));
  }
}
