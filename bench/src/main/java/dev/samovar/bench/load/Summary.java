package dev.samovar.bench.load;

import java.util.Arrays;

/**
 * Mean and percentiles of a set of values. Percentiles interpolate linearly between the closest
 * ranks, as numpy's default (and so vLLM's {@code bench serve}): for sorted values {@code
 * v[0..n-1]} the p-th percentile is {@code v[k] + (v[k+1] - v[k]) * f} where {@code k + f = p / 100
 * * (n - 1)}. An empty set has count 0 and NaN everywhere.
 *
 * @param count how many values
 * @param mean their arithmetic mean
 * @param p50 the median
 * @param p90 the 90th percentile
 * @param p99 the 99th percentile
 */
public record Summary(int count, double mean, double p50, double p90, double p99) {
  /** The summary of {@code values} (not changed). */
  public static Summary of(double[] values) {
    if (values.length == 0) {
      return new Summary(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
    }
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    double sum = 0;
    for (double value : sorted) {
      sum += value;
    }
    return new Summary(
        sorted.length,
        sum / sorted.length,
        percentile(sorted, 50),
        percentile(sorted, 90),
        percentile(sorted, 99));
  }

  /** The {@code p}-th percentile (0-100) of ascending, non-empty {@code sorted}. */
  static double percentile(double[] sorted, double p) {
    if (sorted.length == 0) {
      throw new IllegalArgumentException("no values");
    }
    if (!(p >= 0 && p <= 100)) {
      throw new IllegalArgumentException("percentile must be in [0, 100]: " + p);
    }
    double rank = p / 100 * (sorted.length - 1);
    int lower = (int) Math.floor(rank);
    int upper = Math.min(lower + 1, sorted.length - 1);
    return sorted[lower] + (sorted[upper] - sorted[lower]) * (rank - lower);
  }
}
