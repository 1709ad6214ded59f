package dev.samovar.bench.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.samovar.bench.mt.Judgment;
import dev.samovar.bench.mt.MtBench;
import dev.samovar.bench.mt.Score;
import dev.samovar.bench.mt.report.MarkdownReport;
import dev.samovar.bench.mt.report.PublishedScores;
import dev.samovar.bench.mt.report.ScoreTable;
import dev.samovar.bench.mt.report.TextReport;
import dev.samovar.bench.testing.Cli;
import dev.samovar.bench.testing.RecordedJudgments;
import dev.samovar.client.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MtReportCommandTest {
  @TempDir Path dir;

  private Path write(String name, List<Judgment> judgments) throws IOException {
    StringBuilder text = new StringBuilder();
    judgments.forEach(j -> text.append(Json.line(j.toJson(Instant.EPOCH))).append('\n'));
    return Files.writeString(dir.resolve(name), text);
  }

  @Test
  void reportsSeveralJudgmentFilesInEveryFormat() throws IOException {
    List<Judgment> recorded = RecordedJudgments.load();
    Path first =
        write("samovar.jsonl", recorded.stream().filter(j -> j.model().equals("samovar")).toList());
    Path second =
        write("gpt.jsonl", recorded.stream().filter(j -> !j.model().equals("samovar")).toList());
    Path out = dir.resolve("report");

    Cli.Result result =
        Cli.run(
            Map.of(),
            "bench",
            "mt",
            "report",
            "--judgments",
            first.toString(),
            second.toString(),
            "--out",
            out.toString(),
            "--bench",
            "ru-lightblue");

    assertThat(result.exitCode()).as(result.err()).isZero();
    ScoreTable table = ScoreTable.of(recorded, id -> MtBench.categoryOf(id).orElseThrow());
    assertThat(result.out())
        .isEqualTo(
            TextReport.render(table, PublishedScores.forSet("ru-lightblue"))
                + "\nwrote "
                + out.resolve("report.md")
                + ", "
                + out.resolve("report.html")
                + " and "
                + out.resolve("radar.svg")
                + "\n");
    assertThat(result.out())
        .contains(
            "samovar        gpt-4    9.00    5.25     7.13          6             2             0");
    assertThat(out.resolve("report.md"))
        .hasContent(
            MarkdownReport.render(table, PublishedScores.forSet("ru-lightblue"), "radar.svg"));
    assertThat(Files.readString(out.resolve("report.html")))
        .contains("<svg")
        .contains("samovar (no rating: extraction)");
    assertThat(Files.readString(out.resolve("radar.svg"))).startsWith("<svg");
  }

  @Test
  void withoutABenchItShowsEveryPublishedScore() throws IOException {
    Path file = write("j.jsonl", RecordedJudgments.load());

    Cli.Result result =
        Cli.run(
            Map.of(),
            "bench",
            "mt",
            "report",
            "--judgments",
            file.toString(),
            "--out",
            dir.resolve("r").toString());

    assertThat(result.out())
        .contains("en            gpt-4                                     gpt-4           8.99")
        .contains("ru-lightblue  ruslandev/llama-3-8b-gpt-4o-ru1.0         gpt-4-turbo     8.12");
  }

  @Test
  void saysWhenNoScoresArePublishedForTheSet() throws IOException {
    Path file = write("j.jsonl", RecordedJudgments.load());

    Cli.Result result =
        Cli.run(
            Map.of(),
            "bench",
            "mt",
            "report",
            "--judgments",
            file.toString(),
            "--out",
            dir.resolve("r").toString(),
            "--bench",
            "ru");

    assertThat(result.exitCode()).isZero();
    assertThat(result.out())
        .doesNotContain("Published scores")
        .contains(
            "\nNo published scores are kept for --bench ru; the published Russian scores are on"
                + " --bench ru-lightblue.\n");
  }

  @Test
  void aJudgmentInTwoFilesIsAnError() throws IOException {
    List<Judgment> recorded = RecordedJudgments.load();
    Path first = write("a.jsonl", recorded);
    Path second = write("b.jsonl", recorded.subList(3, 4));

    Cli.Result result =
        Cli.run(
            Map.of(),
            "bench",
            "mt",
            "report",
            "--judgments",
            first.toString(),
            second.toString(),
            "--out",
            dir.resolve("r").toString());

    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.err())
        .isEqualTo(
            "samovar bench mt report: b.jsonl line 1: model \"samovar\" question 111 turn 2 was"
                + " judged by \"gpt-4\" already in a.jsonl line 4\n");
  }

  @Test
  void questionsOutsideMtBenchNeedTheirQuestionFile() throws IOException {
    Path file =
        write(
            "j.jsonl",
            List.of(
                new Judgment(
                    5, "m", "gpt-4", "single-v1", "p", "Rating: [[6]]", new Score(6L), 1)));
    Path questions =
        Files.writeString(
            dir.resolve("q.jsonl"),
            "{\"question_id\": 5, \"category\": \"poetry\", \"turns\": [\"x\"]}\n");

    Cli.Result without =
        Cli.run(
            Map.of(),
            "bench",
            "mt",
            "report",
            "--judgments",
            file.toString(),
            "--out",
            dir.resolve("r").toString());
    Cli.Result with =
        Cli.run(
            Map.of(),
            "bench",
            "mt",
            "report",
            "--judgments",
            file.toString(),
            "--out",
            dir.resolve("r").toString(),
            "--questions",
            questions.toString());

    assertThat(without.exitCode()).isEqualTo(1);
    assertThat(without.err())
        .isEqualTo(
            "samovar bench mt report: question 5 is not an MT-Bench question id (81-160); pass"
                + " --questions FILE so that the report knows its category\n");
    assertThat(with.exitCode()).as(with.err()).isZero();
    assertThat(with.out()).contains("poetry    6.00");
  }
}
