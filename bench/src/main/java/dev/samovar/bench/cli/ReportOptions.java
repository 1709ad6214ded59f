package dev.samovar.bench.cli;

import dev.samovar.bench.BenchException;
import dev.samovar.bench.load.Charts;
import dev.samovar.bench.load.LoadReport;
import dev.samovar.client.Json;
import dev.samovar.client.jsonl.AtomicFiles;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * Where the report of {@code bench load} goes besides the table on standard output: a JSON file, a
 * CSV file and a folder of charts.
 */
public final class ReportOptions {
  @Option(names = "--json", paramLabel = "FILE", description = "Write the report as JSON.")
  private Path json;

  @Option(names = "--csv", paramLabel = "FILE", description = "Write one CSV row per level.")
  private Path csv;

  @Option(
      names = "--charts",
      paramLabel = "DIR",
      description = "Write latency.png and throughput.png (against concurrency) into DIR.")
  private Path charts;

  /**
   * Prints the report's table to {@code out}, writes the files asked for, and names each on {@code
   * out}.
   *
   * @throws BenchException when a file cannot be written
   */
  void write(PrintWriter out, LoadReport report) {
    out.print(report.text());
    try {
      if (json != null) {
        writeFile(
            json,
            Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(report.json()) + "\n");
        out.println("json: " + json);
      }
      if (csv != null) {
        writeFile(csv, report.csv());
        out.println("csv: " + csv);
      }
    } catch (IOException e) {
      throw new BenchException("cannot write the report: " + e.getMessage(), e);
    }
    if (charts != null) {
      for (Path chart : Charts.write(report, charts)) {
        out.println("chart: " + chart);
      }
    }
    out.flush();
  }

  /** Replaces {@code file} with {@code text} at once, creating its folder first. */
  private static void writeFile(Path file, String text) throws IOException {
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    AtomicFiles.replace(file, text.getBytes(StandardCharsets.UTF_8));
  }
}
