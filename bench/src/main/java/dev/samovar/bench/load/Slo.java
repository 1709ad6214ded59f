package dev.samovar.bench.load;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * Service-level objectives a request must meet to count towards goodput, each an upper bound in
 * milliseconds; absent ones are not checked. A one-token request has no TPOT and meets a TPOT
 * objective.
 *
 * @param ttftMs the most time to first token
 * @param tpotMs the most time per output token
 * @param e2eMs the most end-to-end latency
 */
public record Slo(OptionalDouble ttftMs, OptionalDouble tpotMs, OptionalDouble e2eMs) {
  /**
   * Reads {@code ttft_ms=500,tpot_ms=50,e2e_ms=10000} (any subset, each at most once).
   *
   * @throws IllegalArgumentException for anything else
   */
  public static Slo parse(String text) {
    Map<String, Double> bounds = new LinkedHashMap<>();
    for (String part : text.split(",", -1)) {
      String[] pair = part.split("=", -1);
      String name = pair[0].strip();
      if (pair.length != 2
          || !(name.equals("ttft_ms") || name.equals("tpot_ms") || name.equals("e2e_ms"))) {
        throw new IllegalArgumentException(
            "expected ttft_ms=MS,tpot_ms=MS,e2e_ms=MS (any of them): '" + text + "'");
      }
      double bound;
      try {
        bound = Double.parseDouble(pair[1].strip());
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(name + " is not a number: '" + pair[1] + "'", e);
      }
      if (!(bound > 0) || Double.isInfinite(bound)) {
        throw new IllegalArgumentException(name + " must be > 0: " + pair[1].strip());
      }
      if (bounds.put(name, bound) != null) {
        throw new IllegalArgumentException(name + " is given twice: '" + text + "'");
      }
    }
    return new Slo(bound(bounds, "ttft_ms"), bound(bounds, "tpot_ms"), bound(bounds, "e2e_ms"));
  }

  private static OptionalDouble bound(Map<String, Double> bounds, String name) {
    Double value = bounds.get(name);
    return value == null ? OptionalDouble.empty() : OptionalDouble.of(value);
  }

  /** Whether {@code request} meets every objective. */
  public boolean met(Outcome.Completed request) {
    if (ttftMs.isPresent() && request.ttftMs() > ttftMs.getAsDouble()) {
      return false;
    }
    if (e2eMs.isPresent() && request.e2eMs() > e2eMs.getAsDouble()) {
      return false;
    }
    OptionalDouble tpot = request.tpotMs();
    return tpotMs.isEmpty() || tpot.isEmpty() || tpot.getAsDouble() <= tpotMs.getAsDouble();
  }

  /** The objectives as given, such as {@code ttft_ms=500,e2e_ms=10000}. */
  @Override
  public String toString() {
    StringBuilder text = new StringBuilder();
    append(text, "ttft_ms", ttftMs);
    append(text, "tpot_ms", tpotMs);
    append(text, "e2e_ms", e2eMs);
    return text.toString();
  }

  private static void append(StringBuilder text, String name, OptionalDouble bound) {
    if (bound.isPresent()) {
      if (!text.isEmpty()) {
        text.append(',');
      }
      double value = bound.getAsDouble();
      text.append(name)
          .append('=')
          .append(value == Math.rint(value) ? String.valueOf((long) value) : String.valueOf(value));
    }
  }
}
