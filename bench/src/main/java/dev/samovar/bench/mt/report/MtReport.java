package dev.samovar.bench.mt.report;

import dev.samovar.bench.BenchException;
import dev.samovar.bench.mt.Judgment;
import dev.samovar.client.jsonl.AtomicFiles;
import dev.samovar.client.jsonl.JsonlFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;

/** Reads judgment files into a {@link ScoreTable} and writes the report files. */
public final class MtReport {
  /** The chart's file name in the report folder. */
  public static final String CHART = "radar.svg";

  /**
   * The files written.
   *
   * @param markdown report.md
   * @param html report.html
   * @param chart radar.svg
   */
  public record Written(Path markdown, Path html, Path chart) {}

  private MtReport() {}

  /**
   * The scores of every judgment in {@code files}.
   *
   * @param categoryOf a question id's category; throws {@link BenchException} for unknown ids
   * @throws BenchException when a judgment (model, judge, question, turn) appears twice
   */
  public static ScoreTable table(List<Path> files, IntFunction<String> categoryOf) {
    Map<List<Object>, String> seen = new HashMap<>();
    List<Judgment> judgments = new ArrayList<>();
    for (Path file : files) {
      for (JsonlFile.Line line : JsonlFile.read(file)) {
        Judgment judgment = Judgment.of(line.json(), line.where());
        List<Object> key =
            List.of(
                judgment.model(), judgment.judgeModel(), judgment.questionId(), judgment.turn());
        String earlier = seen.putIfAbsent(key, line.where());
        if (earlier != null) {
          throw new BenchException(
              line.where()
                  + ": model \""
                  + judgment.model()
                  + "\" question "
                  + judgment.questionId()
                  + " turn "
                  + judgment.turn()
                  + " was judged by \""
                  + judgment.judgeModel()
                  + "\" already in "
                  + earlier);
        }
        categoryOf.apply(judgment.questionId());
        judgments.add(judgment);
      }
    }
    if (judgments.isEmpty()) {
      throw new BenchException("no judgments in " + files);
    }
    return ScoreTable.of(judgments, categoryOf);
  }

  /** Writes report.md, report.html and radar.svg into {@code dir}, creating it when missing. */
  public static Written write(Path dir, ScoreTable table, List<PublishedScore> published) {
    String chart = RadarChart.svg(table);
    Written files =
        new Written(dir.resolve("report.md"), dir.resolve("report.html"), dir.resolve(CHART));
    try {
      Files.createDirectories(dir);
      AtomicFiles.replace(
          files.markdown(),
          MarkdownReport.render(table, published, CHART).getBytes(StandardCharsets.UTF_8));
      AtomicFiles.replace(
          files.html(),
          HtmlReport.render(table, published, chart).getBytes(StandardCharsets.UTF_8));
      AtomicFiles.replace(files.chart(), chart.getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new BenchException("cannot write the report into " + dir + ": " + e.getMessage(), e);
    }
    return files;
  }
}
