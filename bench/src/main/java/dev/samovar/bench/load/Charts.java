package dev.samovar.bench.load;

import dev.samovar.bench.BenchException;
import dev.samovar.client.jsonl.AtomicFiles;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;
import javax.imageio.ImageIO;

/**
 * The report's two PNG charts: {@value #LATENCY} (TTFT, TPOT, ITL and E2E p50 and p99 against
 * concurrency, log scale) and {@value #THROUGHPUT} (requests/s, output tokens/s and goodput against
 * concurrency, log scale). A compared target is drawn dashed in the same colours.
 */
public final class Charts {
  static final String LATENCY = "latency.png";
  static final String THROUGHPUT = "throughput.png";

  private static final Color[] COLORS = {
    new Color(31, 119, 180),
    new Color(255, 127, 14),
    new Color(44, 160, 44),
    new Color(214, 39, 40),
    new Color(148, 103, 189),
    new Color(140, 86, 75),
    new Color(227, 119, 194),
    new Color(127, 127, 127)
  };

  private Charts() {}

  /** Writes both charts into {@code dir} (created when missing); returns their paths. */
  public static List<Path> write(LoadReport report, Path dir) {
    System.setProperty("java.awt.headless", "true");
    List<String> levels =
        report.a().levels().stream().map(level -> String.valueOf(level.concurrency())).toList();
    boolean compare = report.b().isPresent();
    LineChart latency =
        new LineChart("Latency percentiles", "concurrency", "milliseconds (log scale)", levels);
    LineChart throughput =
        new LineChart("Throughput", "concurrency", "per second (log scale)", levels);
    List<TargetResult> targets = new ArrayList<>();
    targets.add(report.a());
    report.b().ifPresent(targets::add);
    for (int t = 0; t < targets.size(); t++) {
      TargetResult target = targets.get(t);
      String suffix = compare ? (t == 0 ? " A" : " B") : "";
      boolean dashed = t == 1;
      int color = 0;
      for (var latencyMetric : LoadReport.LATENCIES.entrySet()) {
        String name = latencyMetric.getKey().substring(0, latencyMetric.getKey().indexOf('_'));
        latency.add(
            series(
                name + " p50" + suffix,
                target,
                level -> latencyMetric.getValue().apply(level).p50(),
                COLORS[color++],
                dashed));
        latency.add(
            series(
                name + " p99" + suffix,
                target,
                level -> latencyMetric.getValue().apply(level).p99(),
                COLORS[color++],
                dashed));
      }
      throughput.add(
          series("requests/s" + suffix, target, LevelStats::requestsPerS, COLORS[0], dashed));
      throughput.add(
          series(
              "output tokens/s" + suffix, target, LevelStats::outputTokensPerS, COLORS[1], dashed));
      if (target.levels().stream().anyMatch(level -> level.goodputPerS().isPresent())) {
        throughput.add(
            series(
                "goodput/s" + suffix,
                target,
                level -> level.goodputPerS().orElse(Double.NaN),
                COLORS[2],
                dashed));
      }
    }
    try {
      Files.createDirectories(dir);
      Path latencyFile = dir.resolve(LATENCY);
      Path throughputFile = dir.resolve(THROUGHPUT);
      AtomicFiles.replace(latencyFile, png(latency.render()));
      AtomicFiles.replace(throughputFile, png(throughput.render()));
      return List.of(latencyFile, throughputFile);
    } catch (IOException e) {
      throw new BenchException("cannot write the charts into " + dir + ": " + e.getMessage(), e);
    }
  }

  private static byte[] png(BufferedImage image) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    ImageIO.write(image, "png", bytes);
    return bytes.toByteArray();
  }

  private static LineChart.Series series(
      String name,
      TargetResult target,
      ToDoubleFunction<LevelStats> metric,
      Color color,
      boolean dashed) {
    return new LineChart.Series(
        name, target.levels().stream().mapToDouble(metric).toArray(), color, dashed);
  }
}
