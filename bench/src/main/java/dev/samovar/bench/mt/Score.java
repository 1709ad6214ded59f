package dev.samovar.bench.mt;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.samovar.bench.BenchException;
import java.math.BigInteger;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A judge's rating as FastChat reads it: the first {@code [[x]]} in the judgment, else the first
 * {@code [x]}, where x is digits with at most one decimal point; none gives -1 ("unrated"). A
 * number without a point stays an integer (FastChat's ast.literal_eval), one with a point is a
 * float; a number outside 1-10 is kept as it is. Digits are ASCII digits.
 *
 * @param value a Long, BigInteger or Double
 */
public record Score(Number value) {
  /** No rating found, or the judge call failed. */
  public static final Score UNRATED = new Score(-1L);

  private static final Pattern DOUBLE_BRACKETS = Pattern.compile("\\[\\[(\\d+\\.?\\d*)\\]\\]");
  private static final Pattern SINGLE_BRACKETS = Pattern.compile("\\[(\\d+\\.?\\d*)\\]");

  public Score {
    Objects.requireNonNull(value, "value");
    if (!(value instanceof Long || value instanceof BigInteger || value instanceof Double)) {
      throw new IllegalArgumentException("a score is a Long, BigInteger or Double: " + value);
    }
  }

  /** The rating in a judge's text. */
  public static Score extract(String judgment) {
    Matcher match = DOUBLE_BRACKETS.matcher(judgment);
    if (!match.find()) {
      match = SINGLE_BRACKETS.matcher(judgment);
      if (!match.find()) {
        return UNRATED;
      }
    }
    return parse(match.group(1));
  }

  private static Score parse(String number) {
    if (number.indexOf('.') >= 0) {
      return new Score(Double.parseDouble(number));
    }
    BigInteger integer = new BigInteger(number);
    return new Score(integer.bitLength() < 64 ? (Number) integer.longValue() : integer);
  }

  /** The {@code score} of a judgment row. */
  static Score of(JsonNode score, String where) {
    if (score == null || !score.isNumber()) {
      throw new BenchException(where + ": \"score\" must be a number, not " + score);
    }
    if (score.isIntegralNumber()) {
      BigInteger integer = score.bigIntegerValue();
      return new Score(integer.bitLength() < 64 ? (Number) integer.longValue() : integer);
    }
    return new Score(score.doubleValue());
  }

  /** Writes the score as field {@code name}: integers as integers, floats as floats. */
  void writeTo(ObjectNode row, String name) {
    switch (value) {
      case Long integer -> row.put(name, integer);
      case BigInteger integer -> row.put(name, integer);
      default -> row.put(name, value.doubleValue());
    }
  }

  public double asDouble() {
    return value.doubleValue();
  }

  /** -1: no rating (FastChat leaves these out of every mean). */
  public boolean unrated() {
    return asDouble() == -1;
  }

  /** A rating below 1 or above 10. */
  public boolean outsideScale() {
    return !unrated() && (asDouble() < 1 || asDouble() > 10);
  }

  @Override
  public String toString() {
    return value.toString();
  }
}
