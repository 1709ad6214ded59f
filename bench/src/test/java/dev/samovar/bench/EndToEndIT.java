package dev.samovar.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.samovar.bench.testing.Cli;
import dev.samovar.client.jsonl.JsonlFile;
import dev.samovar.models.testdata.TestData;
import dev.samovar.testkit.ServerProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole pipeline over real HTTP against samovar's own server, run from its packaged jar with
 * the tiny test model as both the answering model and the judge. The tiny model writes Russian
 * words, never a "[[rating]]", so every judgment must come out unrated (-1) and be reported so.
 */
@Timeout(300)
class EndToEndIT {
  private static final Set<Integer> QUESTIONS = Set.of(81, 111, 131);

  @TempDir Path dir;
  private ServerProcess server;

  @AfterEach
  void stop() throws InterruptedException {
    if (server != null) {
      server.close();
    }
  }

  private String startServer() throws Exception {
    server = new ServerProcess(dir, 2);
    return server.baseUrl();
  }

  private Path someEnglishQuestions() throws IOException {
    List<String> lines =
        JsonlFile.read(TestData.file("mt-bench/en/question.jsonl")).stream()
            .filter(line -> QUESTIONS.contains(line.json().get("question_id").intValue()))
            .map(JsonlFile.Line::text)
            .toList();
    return Files.writeString(dir.resolve("question.jsonl"), String.join("\n", lines) + "\n");
  }

  private static List<JsonNode> rows(Path file) {
    return JsonlFile.read(file).stream().map(JsonlFile.Line::json).toList();
  }

  @Test
  void answersJudgesAndReportsWithTheTinyModelOverHttp() throws Exception {
    String endpoint = startServer();
    Path questions = someEnglishQuestions();
    Path answers = dir.resolve("answers.jsonl");
    Path judgments = dir.resolve("judgments.jsonl");
    Path report = dir.resolve("report");

    Cli.Result answer =
        Cli.run(
            Map.of(),
            "bench",
            "mt",
            "answer",
            "--questions",
            questions.toString(),
            "--endpoint",
            endpoint,
            "--model",
            "tiny",
            "--max-tokens",
            "16",
            "--parallel",
            "2",
            "--out",
            answers.toString());
    assertThat(answer.exitCode()).as(answer.err()).isZero();
    assertThat(answer.out())
        .isEqualTo(
            "answers of tiny to 3 of 3 questions in "
                + answers
                + " (0 from earlier runs, 3 now)\n");
    List<JsonNode> answerRows = rows(answers);
    assertThat(answerRows)
        .extracting(row -> row.get("question_id").intValue())
        .containsExactly(81, 111, 131);
    for (JsonNode row : answerRows) {
      assertThat(row.get("model_id").textValue()).isEqualTo("tiny");
      JsonNode turns = row.get("choices").get(0).get("turns");
      assertThat(turns).hasSize(2);
      turns.forEach(turn -> assertThat(turn.textValue()).isNotBlank());
    }

    Cli.Result judge =
        Cli.run(
            Map.of(),
            "bench",
            "mt",
            "judge",
            "--questions",
            questions.toString(),
            "--answers",
            answers.toString(),
            "--judge-endpoint",
            endpoint,
            "--judge-model",
            "tiny",
            "--judge-prompts",
            TestData.file("mt-bench/en/judge_prompts.jsonl").toString(),
            "--reference",
            TestData.file("mt-bench/en/reference_gpt-4.jsonl").toString(),
            "--parallel",
            "2",
            "--out",
            judgments.toString());
    assertThat(judge.exitCode()).as(judge.err()).isZero();
    assertThat(judge.out())
        .isEqualTo(
            "6 judgments by tiny in "
                + judgments
                + " (0 from earlier runs, 6 now, of which 6 unrated (-1) and 0 judge errors)\n");
    List<JsonNode> judgmentRows = rows(judgments);
    assertThat(judgmentRows)
        .extracting(
            row ->
                row.get("question_id")
                    + "/"
                    + row.get("turn")
                    + " "
                    + row.get("judge").get(1).textValue())
        .containsExactly(
            "81/1 single-v1",
            "81/2 single-v1-multi-turn",
            "111/1 single-math-v1",
            "111/2 single-math-v1-multi-turn",
            "131/1 single-v1",
            "131/2 single-v1-multi-turn");
    for (JsonNode row : judgmentRows) {
      assertThat(row.get("score").intValue()).isEqualTo(-1);
      assertThat(row.get("judgment").textValue()).isNotBlank().isNotEqualTo("$ERROR$");
      assertThat(row.get("judge").get(0).textValue()).isEqualTo("tiny");
    }
    assertThat(judgmentRows.get(2).get("user_prompt").textValue())
        .contains("[The Start of Reference Answer]\n");

    Cli.Result reported =
        Cli.run(
            Map.of(),
            "bench",
            "mt",
            "report",
            "--judgments",
            judgments.toString(),
            "--out",
            report.toString(),
            "--bench",
            "en");
    assertThat(reported.exitCode()).as(reported.err()).isZero();
    assertThat(reported.out())
        .contains("tiny   tiny      n/a     n/a      n/a          6             6             0\n")
        .contains(
            "tiny: 6 of 6 judgments have no rating (score -1: the judge wrote no [[rating]], or its"
                + " call failed); the means leave them out.\n")
        .contains("writing      n/a\n")
        .contains("en   gpt-3.5-turbo");
    assertThat(report.resolve("report.html")).content().contains(">tiny (no ratings)</text>");
    assertThat(report.resolve("report.md")).exists();
    assertThat(report.resolve("radar.svg")).exists();
  }
}
