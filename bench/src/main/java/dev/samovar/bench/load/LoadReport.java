package dev.samovar.bench.load;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.samovar.bench.mt.report.TextTable;
import dev.samovar.client.Json;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * The results of a load run as JSON, CSV and a terminal table. With a second target, the report has
 * its levels under {@code compare} and the ratio B/A of every metric under {@code ratio}.
 */
public final class LoadReport {
  /** The latency metrics in report order, with their JSON key. */
  static final Map<String, Function<LevelStats, Summary>> LATENCIES = orderedLatencies();

  private static final List<String> STATS = List.of("mean", "p50", "p90", "p99");

  private final ObjectNode config;
  private final TargetResult a;
  private final Optional<TargetResult> b;
  private final boolean goodput;

  /**
   * @param config every parameter of the run, written as the report's {@code config}
   * @param a the (first) target
   * @param b the compared target, if any; its levels pair with {@code a}'s by position
   * @param goodput whether objectives were given
   */
  public LoadReport(ObjectNode config, TargetResult a, Optional<TargetResult> b, boolean goodput) {
    this.config = Objects.requireNonNull(config, "config");
    this.a = Objects.requireNonNull(a, "a");
    this.b = Objects.requireNonNull(b, "b");
    this.goodput = goodput;
    if (b.isPresent() && b.get().levels().size() != a.levels().size()) {
      throw new IllegalArgumentException("compared targets need the same levels");
    }
  }

  private static Map<String, Function<LevelStats, Summary>> orderedLatencies() {
    Map<String, Function<LevelStats, Summary>> latencies = new LinkedHashMap<>();
    latencies.put("ttft_ms", LevelStats::ttftMs);
    latencies.put("tpot_ms", LevelStats::tpotMs);
    latencies.put("itl_ms", LevelStats::itlMs);
    latencies.put("e2e_ms", LevelStats::e2eMs);
    return Collections.unmodifiableMap(latencies);
  }

  public TargetResult a() {
    return a;
  }

  public Optional<TargetResult> b() {
    return b;
  }

  /** The JSON report. */
  public ObjectNode json() {
    ObjectNode root = Json.MAPPER.createObjectNode();
    root.set("config", config.deepCopy());
    target(root, a);
    b.ifPresent(
        compared -> {
          target(root.putObject("compare"), compared);
          var levels = root.putObject("ratio").put("of", "compare / main").putArray("levels");
          for (int i = 0; i < a.levels().size(); i++) {
            ratio(levels.addObject(), a.levels().get(i), compared.levels().get(i));
          }
        });
    return root;
  }

  private void target(ObjectNode node, TargetResult target) {
    node.putObject("target")
        .put("kind", target.kind())
        .put("location", target.location())
        .put("model", target.model());
    var levels = node.putArray("levels");
    for (LevelStats level : target.levels()) {
      ObjectNode row = levels.addObject();
      row.put("concurrency", level.concurrency()).put("completed", level.completed());
      ObjectNode errors = row.putObject("errors").put("count", level.errors());
      ObjectNode byKind = errors.putObject("by_kind");
      level.errorsByKind().forEach(byKind::put);
      ObjectNode examples = errors.putObject("first_message");
      level.errorExamples().forEach(examples::put);
      number(row, "duration_s", level.durationS());
      number(row, "requests_per_s", level.requestsPerS());
      number(row, "output_tokens_per_s", level.outputTokensPerS());
      if (goodput) {
        number(row, "goodput_per_s", level.goodputPerS().orElse(Double.NaN));
      }
      number(row, "input_tokens_mean", level.inputTokensMean());
      number(row, "output_tokens_mean", level.outputTokensMean());
      row.put("output_tokens_source", level.outputTokensSource());
      LATENCIES.forEach((key, metric) -> summary(row.putObject(key), metric.apply(level)));
    }
  }

  private void ratio(ObjectNode row, LevelStats base, LevelStats compared) {
    row.put("concurrency", base.concurrency());
    number(row, "requests_per_s", compared.requestsPerS() / base.requestsPerS());
    number(row, "output_tokens_per_s", compared.outputTokensPerS() / base.outputTokensPerS());
    if (goodput) {
      number(
          row,
          "goodput_per_s",
          compared.goodputPerS().orElse(Double.NaN) / base.goodputPerS().orElse(Double.NaN));
    }
    LATENCIES.forEach(
        (key, metric) -> {
          Summary over = metric.apply(compared);
          Summary under = metric.apply(base);
          ObjectNode stats = row.putObject(key);
          number(stats, "mean", over.mean() / under.mean());
          number(stats, "p50", over.p50() / under.p50());
          number(stats, "p90", over.p90() / under.p90());
          number(stats, "p99", over.p99() / under.p99());
        });
  }

  private static void summary(ObjectNode node, Summary summary) {
    node.put("count", summary.count());
    number(node, "mean", summary.mean());
    number(node, "p50", summary.p50());
    number(node, "p90", summary.p90());
    number(node, "p99", summary.p99());
  }

  /** A finite number, else null (no requests, or a division by zero). */
  private static void number(ObjectNode node, String key, double value) {
    if (Double.isFinite(value)) {
      node.put(key, value);
    } else {
      node.putNull(key);
    }
  }

  /** One row per level and target, with a header row. */
  public String csv() {
    List<String> header =
        new ArrayList<>(
            List.of(
                "target",
                "kind",
                "location",
                "model",
                "concurrency",
                "completed",
                "errors",
                "duration_s",
                "requests_per_s",
                "output_tokens_per_s",
                "goodput_per_s",
                "input_tokens_mean",
                "output_tokens_mean"));
    LATENCIES.keySet().forEach(key -> STATS.forEach(stat -> header.add(key + "_" + stat)));
    StringBuilder csv = new StringBuilder(String.join(",", header)).append('\n');
    csvRows(csv, "main", a);
    b.ifPresent(compared -> csvRows(csv, "compare", compared));
    return csv.toString();
  }

  private static void csvRows(StringBuilder csv, String role, TargetResult target) {
    for (LevelStats level : target.levels()) {
      List<String> cells =
          new ArrayList<>(
              List.of(
                  role,
                  target.kind(),
                  csvText(target.location()),
                  csvText(target.model()),
                  String.valueOf(level.concurrency()),
                  String.valueOf(level.completed()),
                  String.valueOf(level.errors()),
                  csvNumber(level.durationS()),
                  csvNumber(level.requestsPerS()),
                  csvNumber(level.outputTokensPerS()),
                  csvNumber(level.goodputPerS().orElse(Double.NaN)),
                  csvNumber(level.inputTokensMean()),
                  csvNumber(level.outputTokensMean())));
      LATENCIES
          .values()
          .forEach(
              metric -> {
                Summary summary = metric.apply(level);
                cells.add(csvNumber(summary.mean()));
                cells.add(csvNumber(summary.p50()));
                cells.add(csvNumber(summary.p90()));
                cells.add(csvNumber(summary.p99()));
              });
      csv.append(String.join(",", cells)).append('\n');
    }
  }

  private static String csvNumber(double value) {
    return Double.isFinite(value) ? String.format(Locale.ROOT, "%.4f", value) : "";
  }

  private static String csvText(String text) {
    return text.contains(",") || text.contains("\"") || text.contains("\n")
        ? "\"" + text.replace("\"", "\"\"") + "\""
        : text;
  }

  /** The terminal tables: each target's levels, its errors, and the ratios when comparing. */
  public String text() {
    StringBuilder text = new StringBuilder();
    targetText(text, b.isPresent() ? "A" : null, a);
    b.ifPresent(
        compared -> {
          text.append('\n');
          targetText(text, "B", compared);
          text.append('\n').append("ratio B/A (latency > 1: B slower; throughput > 1: B faster)\n");
          List<String> header = new ArrayList<>(List.of("conc", "req/s", "tok/s"));
          if (goodput) {
            header.add("good/s");
          }
          latencyHeader(header);
          List<List<String>> rows = new ArrayList<>();
          for (int i = 0; i < a.levels().size(); i++) {
            LevelStats base = a.levels().get(i);
            LevelStats over = compared.levels().get(i);
            List<String> row = new ArrayList<>();
            row.add(String.valueOf(base.concurrency()));
            row.add(fixed(over.requestsPerS() / base.requestsPerS(), 3));
            row.add(fixed(over.outputTokensPerS() / base.outputTokensPerS(), 3));
            if (goodput) {
              row.add(
                  fixed(
                      over.goodputPerS().orElse(Double.NaN) / base.goodputPerS().orElse(Double.NaN),
                      3));
            }
            LATENCIES
                .values()
                .forEach(
                    metric -> {
                      Summary top = metric.apply(over);
                      Summary bottom = metric.apply(base);
                      row.add(fixed(top.mean() / bottom.mean(), 3));
                      row.add(fixed(top.p50() / bottom.p50(), 3));
                      row.add(fixed(top.p90() / bottom.p90(), 3));
                      row.add(fixed(top.p99() / bottom.p99(), 3));
                    });
            rows.add(row);
          }
          text.append(table(header, rows));
        });
    return text.toString();
  }

  private void targetText(StringBuilder text, String label, TargetResult target) {
    text.append(label == null ? "" : label + ": ")
        .append(target.kind())
        .append(' ')
        .append(target.location())
        .append(", model ")
        .append(target.model())
        .append(" (latencies in ms)\n");
    List<String> header = new ArrayList<>(List.of("conc", "ok", "err", "req/s", "tok/s"));
    if (goodput) {
      header.add("good/s");
    }
    header.add("in tok");
    header.add("out tok");
    latencyHeader(header);
    List<List<String>> rows = new ArrayList<>();
    for (LevelStats level : target.levels()) {
      List<String> row = new ArrayList<>();
      row.add(String.valueOf(level.concurrency()));
      row.add(String.valueOf(level.completed()));
      row.add(String.valueOf(level.errors()));
      row.add(fixed(level.requestsPerS(), 2));
      row.add(fixed(level.outputTokensPerS(), 1));
      if (goodput) {
        row.add(fixed(level.goodputPerS().orElse(Double.NaN), 2));
      }
      row.add(fixed(level.inputTokensMean(), 1));
      row.add(fixed(level.outputTokensMean(), 1));
      LATENCIES
          .values()
          .forEach(
              metric -> {
                Summary summary = metric.apply(level);
                row.add(fixed(summary.mean(), 1));
                row.add(fixed(summary.p50(), 1));
                row.add(fixed(summary.p90(), 1));
                row.add(fixed(summary.p99(), 1));
              });
      rows.add(row);
    }
    text.append(table(header, rows));
    for (LevelStats level : target.levels()) {
      level
          .errorsByKind()
          .forEach(
              (kind, count) ->
                  text.append("concurrency ")
                      .append(level.concurrency())
                      .append(": ")
                      .append(count)
                      .append(" x ")
                      .append(kind)
                      .append(" (first: ")
                      .append(level.errorExamples().get(kind))
                      .append(")\n"));
    }
  }

  /** Every column holds a number (or n/a), so every column is right-aligned. */
  private static String table(List<String> header, List<List<String>> rows) {
    return TextTable.render(
        header, rows, IntStream.range(0, header.size()).boxed().collect(Collectors.toSet()));
  }

  private static void latencyHeader(List<String> header) {
    LATENCIES
        .keySet()
        .forEach(
            key -> {
              String name = key.substring(0, key.indexOf('_')).toUpperCase(Locale.ROOT);
              STATS.forEach(stat -> header.add(name + " " + stat));
            });
  }

  static String fixed(double value, int decimals) {
    return Double.isFinite(value)
        ? String.format(Locale.ROOT, "%." + decimals + "f", value)
        : "n/a";
  }
}
