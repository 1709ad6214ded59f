package dev.samovar.bench.load;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.TreeMap;

/**
 * The measurements of one concurrency level on one target.
 *
 * @param concurrency the most requests in flight
 * @param completed requests that streamed to their end
 * @param errorsByKind failed requests per kind, by kind name
 * @param errorExamples the first message of each kind
 * @param durationS wall time of the level, first send until the last request ended
 * @param requestsPerS completed requests per second of wall time
 * @param outputTokensPerS output tokens of completed requests per second of wall time
 * @param goodputPerS completed requests that met every objective per second, when objectives were
 *     given
 * @param inputTokensMean mean prompt tokens the target reported (NaN when it reported none)
 * @param outputTokensMean mean output tokens per completed request (NaN when none completed)
 * @param outputTokensSource {@code usage} when every count is the target's own, {@code chunks} when
 *     every count is the number of content chunks, {@code none} without completed requests, else
 *     {@code mixed}
 * @param ttftMs time to first token per request
 * @param itlMs gaps between content chunks, pooled over requests
 * @param tpotMs time per output token per request of two or more tokens
 * @param e2eMs end-to-end latency per request
 */
public record LevelStats(
    int concurrency,
    int completed,
    Map<String, Integer> errorsByKind,
    Map<String, String> errorExamples,
    double durationS,
    double requestsPerS,
    double outputTokensPerS,
    OptionalDouble goodputPerS,
    double inputTokensMean,
    double outputTokensMean,
    String outputTokensSource,
    Summary ttftMs,
    Summary itlMs,
    Summary tpotMs,
    Summary e2eMs) {

  public LevelStats {
    errorsByKind = Collections.unmodifiableMap(new TreeMap<>(errorsByKind));
    errorExamples = Collections.unmodifiableMap(new TreeMap<>(errorExamples));
  }

  /** Failed requests of every kind. */
  public int errors() {
    return errorsByKind.values().stream().mapToInt(Integer::intValue).sum();
  }

  private static String source(int completed, int counted) {
    if (completed == 0) {
      return "none";
    }
    return counted == completed ? "usage" : counted == 0 ? "chunks" : "mixed";
  }

  /**
   * The statistics of {@code outcomes}, measured over {@code wallNanos} of wall time.
   *
   * @param slo the objectives for goodput, if any
   */
  public static LevelStats of(
      int concurrency, List<Outcome> outcomes, long wallNanos, Optional<Slo> slo) {
    if (wallNanos <= 0) {
      throw new IllegalArgumentException("wall time must be > 0: " + wallNanos);
    }
    double seconds = wallNanos / 1e9;
    List<Outcome.Completed> done = new ArrayList<>();
    Map<String, Integer> errors = new TreeMap<>();
    Map<String, String> examples = new TreeMap<>();
    for (Outcome outcome : outcomes) {
      switch (outcome) {
        case Outcome.Completed completed -> done.add(completed);
        case Outcome.Failed failed -> {
          errors.merge(failed.kind(), 1, Integer::sum);
          examples.putIfAbsent(failed.kind(), failed.message());
        }
      }
    }
    List<Double> itl = new ArrayList<>();
    List<Double> tpot = new ArrayList<>();
    double[] ttft = new double[done.size()];
    double[] e2e = new double[done.size()];
    long outputTokens = 0;
    long inputTokens = 0;
    int inputReported = 0;
    int counted = 0;
    int good = 0;
    for (int i = 0; i < done.size(); i++) {
      Outcome.Completed request = done.get(i);
      ttft[i] = request.ttftMs();
      e2e[i] = request.e2eMs();
      for (double gap : request.itlMs()) {
        itl.add(gap);
      }
      request.tpotMs().ifPresent(tpot::add);
      outputTokens += request.outputTokens();
      if (request.inputTokens().isPresent()) {
        inputTokens += request.inputTokens().getAsInt();
        inputReported++;
      }
      if (request.counted()) {
        counted++;
      }
      if (slo.isPresent() && slo.get().met(request)) {
        good++;
      }
    }
    return new LevelStats(
        concurrency,
        done.size(),
        errors,
        examples,
        seconds,
        done.size() / seconds,
        outputTokens / seconds,
        slo.isPresent() ? OptionalDouble.of(good / seconds) : OptionalDouble.empty(),
        inputReported == 0 ? Double.NaN : (double) inputTokens / inputReported,
        done.isEmpty() ? Double.NaN : (double) outputTokens / done.size(),
        source(done.size(), counted),
        Summary.of(ttft),
        Summary.of(itl.stream().mapToDouble(Double::doubleValue).toArray()),
        Summary.of(tpot.stream().mapToDouble(Double::doubleValue).toArray()),
        Summary.of(e2e));
  }
}
