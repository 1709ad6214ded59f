package dev.samovar.bench.cli;

import dev.samovar.bench.BenchException;
import dev.samovar.bench.mt.MtBench;
import dev.samovar.bench.mt.Question;
import dev.samovar.bench.mt.QuestionSet;
import dev.samovar.bench.mt.data.BenchSet;
import dev.samovar.bench.mt.report.MtReport;
import dev.samovar.bench.mt.report.PublishedScore;
import dev.samovar.bench.mt.report.PublishedScores;
import dev.samovar.bench.mt.report.ScoreTable;
import dev.samovar.bench.mt.report.TextReport;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.IntFunction;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code samovar bench mt report}: per-model turn 1, turn 2, overall and per-category means of
 * judgment files beside the published reference scores, as a terminal table, Markdown and an HTML
 * page with a radar chart.
 */
@Command(
    name = "report",
    description =
        "Report judgment files: turn 1, turn 2, overall and per-category means per model (the"
            + " unrated -1 left out and counted), beside published scores; terminal table,"
            + " report.md, report.html and radar.svg.",
    sortOptions = false,
    usageHelpAutoWidth = true)
public final class MtReportCommand implements Callable<Integer> {
  @Spec private CommandSpec spec;

  @Option(
      names = "--judgments",
      required = true,
      arity = "1..*",
      paramLabel = "FILE",
      description = "Judgment files (FastChat single-grading format).")
  private List<Path> judgments = new ArrayList<>();

  @Option(
      names = "--out",
      required = true,
      paramLabel = "DIR",
      description = "Folder for report.md, report.html and radar.svg.")
  private Path out;

  @Option(
      names = "--bench",
      paramLabel = "en|ru|ru-lightblue",
      converter = QuestionSourceOptions.BenchSetConverter.class,
      description =
          "The question set judged: shows the scores published for it (default: all published"
              + " scores).")
  private BenchSet bench;

  @Option(
      names = "--questions",
      paramLabel = "FILE",
      description =
          "The question file judged, for the categories of questions that are not MT-Bench's"
              + " (ids 81-160).")
  private Path questions;

  @Override
  public Integer call() {
    CommandLine commandLine = spec.commandLine();
    ScoreTable table = MtReport.table(judgments, categories());
    List<PublishedScore> published =
        bench == null ? PublishedScores.all() : PublishedScores.forSet(bench.id());
    PrintWriter stdout = commandLine.getOut();
    stdout.print(TextReport.render(table, published));
    if (published.isEmpty()) {
      stdout.println(
          "\nNo published scores are kept for --bench "
              + bench.id()
              + "; the published Russian scores are on --bench ru-lightblue.");
    }
    MtReport.Written written = MtReport.write(out, table, published);
    stdout.println(
        "\nwrote " + written.markdown() + ", " + written.html() + " and " + written.chart());
    stdout.flush();
    return 0;
  }

  /**
   * Question id to category: from --questions, else MT-Bench's id ranges (the same in all three
   * question sets).
   */
  private IntFunction<String> categories() {
    if (questions == null) {
      return id ->
          MtBench.categoryOf(id)
              .orElseThrow(
                  () ->
                      new BenchException(
                          "question "
                              + id
                              + " is not an MT-Bench question id (81-160); pass --questions FILE"
                              + " so that the report knows its category"));
    }
    QuestionSet set = QuestionSet.read(questions);
    return id ->
        set.byId(id)
            .map(Question::category)
            .orElseThrow(() -> new BenchException("question " + id + " is not in " + questions));
  }
}
