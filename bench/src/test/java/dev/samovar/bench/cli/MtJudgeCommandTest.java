package dev.samovar.bench.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.samovar.bench.mt.JudgePrompt;
import dev.samovar.bench.mt.JudgePrompts;
import dev.samovar.bench.testing.Cli;
import dev.samovar.client.Json;
import dev.samovar.client.jsonl.JsonlFile;
import dev.samovar.models.testdata.TestData;
import dev.samovar.testkit.FakeOpenAi;
import dev.samovar.testkit.FakeOpenAi.Reply;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(60)
class MtJudgeCommandTest {
  @TempDir Path dir;
  private Path questions;
  private Path samovar;
  private Path other;
  private Path reference;
  private final Path prompts = TestData.file("mt-bench/en/judge_prompts.jsonl");

  @BeforeEach
  void files() throws IOException {
    questions =
        Files.writeString(
            dir.resolve("question.jsonl"),
            """
            {"question_id": 81, "category": "writing", "turns": ["Write a poem.", "Shorter."]}
            {"question_id": 111, "category": "math", "turns": ["What is 2+2?", "Times 3?"]}
            {"question_id": 131, "category": "extraction", "turns": ["List the names."]}
            """);
    samovar =
        Files.writeString(
            dir.resolve("samovar.jsonl"),
            """
            {"question_id": 81, "answer_id": "a", "model_id": "samovar", "choices": [{"index": 0, "turns": ["Roses.", "Red."]}], "tstamp": 1.0}
            {"question_id": 111, "answer_id": "b", "model_id": "samovar", "choices": [{"index": 0, "turns": ["4", "12"]}], "tstamp": 1.0}
            {"question_id": 131, "answer_id": "c", "model_id": "samovar", "choices": [{"index": 0, "turns": ["Anna, Boris"]}], "tstamp": 1.0}
            """);
    other =
        Files.writeString(
            dir.resolve("other.jsonl"),
            """
            {"question_id": 81, "answer_id": "d", "model_id": "other", "choices": [{"index": 0, "turns": ["Sky.", "Blue."]}], "tstamp": 1.0}
            """);
    reference =
        Files.writeString(
            dir.resolve("reference.jsonl"),
            """
            {"question_id": 111, "answer_id": "r", "model_id": "gpt-4", "choices": [{"index": 0, "turns": ["2+2 is 4.", "4 times 3 is 12."]}], "tstamp": 1.0}
            """);
  }

  private Cli.Result judge(FakeOpenAi server, Path out, String... extra) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "bench",
                "mt",
                "judge",
                "--questions",
                questions.toString(),
                "--answers",
                samovar.toString(),
                other.toString(),
                "--judge-endpoint",
                server.baseUrl(),
                "--judge-prompts",
                prompts.toString(),
                "--reference",
                reference.toString(),
                "--out",
                out.toString()));
    args.addAll(List.of(extra));
    return Cli.run(Map.of(), args.toArray(String[]::new));
  }

  private static String userPrompt(JsonNode body) {
    return body.get("messages").get(1).get("content").textValue();
  }

  /** Rates turn-1 general answers 7, multi-turn ones 8.5 and gives math turn 1 no rating. */
  private static Reply rater(JsonNode body, int n) {
    String user = userPrompt(body);
    if (user.contains("<|The Start of Assistant A's Conversation with User|>")) {
      return Reply.content("Good follow-up.\n\nRating: [[8.5]]");
    }
    if (user.contains("[The Start of Reference Answer]")) {
      return Reply.content("The answer is right, I think.");
    }
    return Reply.content("Fine.\n\nRating: [[7]]");
  }

  private static List<JsonNode> rows(Path file) {
    return JsonlFile.read(file).stream().map(JsonlFile.Line::json).toList();
  }

  @Test
  void gradesEachTurnWithFastChatsTemplatesAndReferences() {
    Path out = dir.resolve("judgments.jsonl");
    JudgePrompts templates = JudgePrompts.read(prompts);
    try (FakeOpenAi server = new FakeOpenAi(MtJudgeCommandTest::rater)) {
      Cli.Result result = judge(server, out);

      assertThat(result.exitCode()).as(result.err()).isZero();
      assertThat(server.calls()).hasSize(7);
      for (FakeOpenAi.Call call : server.calls()) {
        assertThat(call.body().get("model").textValue()).isEqualTo("gpt-4");
        assertThat(call.body().get("n").intValue()).isEqualTo(1);
        assertThat(call.body().get("temperature").doubleValue()).isZero();
        assertThat(call.body().get("max_tokens").intValue()).isEqualTo(2048);
        assertThat(call.body().get("messages").get(0).get("role").textValue()).isEqualTo("system");
      }
      assertThat(result.err())
          .contains(
              "model \"other\" has no answer to 2 of the 3 questions, which are not judged: 111, 131\n");
      assertThat(result.out())
          .isEqualTo(
              "7 judgments by gpt-4 in "
                  + out
                  + " (0 from earlier runs, 7 now, of which 1 unrated (-1) and 0 judge errors)\n");
    }
    List<JsonNode> rows = rows(out);
    assertThat(rows)
        .extracting(
            row ->
                row.get("model").textValue()
                    + " "
                    + row.get("question_id")
                    + "/"
                    + row.get("turn")
                    + " "
                    + Json.line(row.get("judge"))
                    + " "
                    + row.get("score"))
        .containsExactly(
            "other 81/1 [\"gpt-4\",\"single-v1\"] 7",
            "other 81/2 [\"gpt-4\",\"single-v1-multi-turn\"] 8.5",
            "samovar 81/1 [\"gpt-4\",\"single-v1\"] 7",
            "samovar 81/2 [\"gpt-4\",\"single-v1-multi-turn\"] 8.5",
            "samovar 111/1 [\"gpt-4\",\"single-math-v1\"] -1",
            "samovar 111/2 [\"gpt-4\",\"single-math-v1-multi-turn\"] 8.5",
            "samovar 131/1 [\"gpt-4\",\"single-v1\"] 7");
    JsonNode math = rows.get(5);
    assertThat(math.fieldNames())
        .toIterable()
        .containsExactly(
            "question_id", "model", "judge", "user_prompt", "judgment", "score", "turn", "tstamp");
    JudgePrompt template = templates.byName("single-math-v1-multi-turn").orElseThrow();
    assertThat(math.get("user_prompt").textValue())
        .startsWith(
            "<|The Start of Reference Answer|>\n\n### User:\nWhat is 2+2?\n\n### Reference answer:\n2+2 is 4.\n\n"
                + "### User:\nTimes 3?\n\n### Reference answer:\n4 times 3 is 12.\n\n")
        .endsWith(
            "### User:\nTimes 3?\n\n### Assistant A:\n12\n\n<|The End of Assistant A's Conversation with User|>");
    assertThat(math.get("judgment").textValue()).isEqualTo("Good follow-up.\n\nRating: [[8.5]]");
    assertThat(math.get("score").isDouble()).isTrue();
    assertThat(rows.get(2).get("score").isIntegralNumber()).isTrue();
    assertThat(template.systemPrompt()).startsWith("Please act as an impartial judge");
  }

  @Test
  void aJudgeCallThatFailsEveryTryIsWrittenAsErrorWithScoreMinusOne() {
    Path out = dir.resolve("judgments.jsonl");
    try (FakeOpenAi server = new FakeOpenAi((body, n) -> Reply.error(500, "overloaded"))) {
      Cli.Result result = judge(server, out, "--retries", "2", "--retry-wait", "0");

      assertThat(result.exitCode()).as(result.err()).isZero();
      assertThat(server.calls()).hasSize(14);
      assertThat(result.err())
          .contains(
              "model samovar question 111 turn 1: HTTP 500 from "
                  + server.baseUrl()
                  + "/chat/completions: overloaded (tried 2 times); written as $ERROR$\n");
      assertThat(result.out())
          .endsWith("(0 from earlier runs, 7 now, of which 7 unrated (-1) and 7 judge errors)\n");
    }
    assertThat(rows(out))
        .hasSize(7)
        .allSatisfy(
            row -> {
              assertThat(row.get("judgment").textValue()).isEqualTo("$ERROR$");
              assertThat(row.get("score").intValue()).isEqualTo(-1);
            });
  }

  @Test
  void goesOnFromAnEarlierRun() throws IOException {
    Path out = dir.resolve("judgments.jsonl");
    try (FakeOpenAi server = new FakeOpenAi(MtJudgeCommandTest::rater)) {
      judge(server, out);
    }
    List<String> all = Files.readAllLines(out);
    Files.writeString(
        out, String.join("\n", all.subList(0, 4)) + "\n" + all.get(4).substring(0, 30));

    try (FakeOpenAi server = new FakeOpenAi(MtJudgeCommandTest::rater)) {
      Cli.Result result = judge(server, out);

      assertThat(result.exitCode()).as(result.err()).isZero();
      assertThat(server.calls()).hasSize(3);
      assertThat(result.err())
          .contains(out + ": dropped an incomplete last line (30 bytes)")
          .contains(out + ": 4 of 7 judgments already there; judging the other 3\n");
    }
    List<String> again = Files.readAllLines(out);
    assertThat(again).hasSize(7);
    assertThat(again.subList(0, 4)).isEqualTo(all.subList(0, 4));
    assertThat(rows(out))
        .extracting(
            row ->
                row.get("model").textValue() + " " + row.get("question_id") + "/" + row.get("turn"))
        .doesNotHaveDuplicates();
  }

  @Test
  void refusesAnotherJudgesFile() throws IOException {
    Path out = dir.resolve("judgments.jsonl");
    try (FakeOpenAi server = new FakeOpenAi(MtJudgeCommandTest::rater)) {
      judge(server, out);
      Cli.Result result = judge(server, out, "--judge-model", "gpt-4o");

      assertThat(result.exitCode()).isEqualTo(1);
      assertThat(result.err())
          .endsWith(
              "\nsamovar bench mt judge: judgments.jsonl line 1: a judgment by \"gpt-4\", not"
                  + " \"gpt-4o\"; write each judge's judgments to its own --out file\n");
    }
  }

  @Test
  void aMathQuestionWithoutAReferenceAnswerStopsBeforeAnyCall() {
    try (FakeOpenAi server = new FakeOpenAi(MtJudgeCommandTest::rater)) {
      Cli.Result result =
          Cli.run(
              Map.of(),
              "bench",
              "mt",
              "judge",
              "--questions",
              questions.toString(),
              "--answers",
              samovar.toString(),
              "--judge-endpoint",
              server.baseUrl(),
              "--judge-prompts",
              prompts.toString(),
              "--out",
              dir.resolve("j.jsonl").toString());

      assertThat(result.exitCode()).isEqualTo(1);
      assertThat(result.err())
          .isEqualTo(
              "samovar bench mt judge: question 111 (math) needs reference answers, but no"
                  + " --reference FILE was given\n");
      assertThat(server.calls()).isEmpty();
    }
  }

  @Test
  void aReferenceFileWithoutTheQuestionIsNamed() throws IOException {
    Files.writeString(
        reference,
        "{\"question_id\": 112, \"model_id\": \"gpt-4\", \"choices\": [{\"index\": 0, \"turns\": [\"a\", \"b\"]}]}\n");
    try (FakeOpenAi server = new FakeOpenAi(MtJudgeCommandTest::rater)) {
      Cli.Result result = judge(server, dir.resolve("j.jsonl"));

      assertThat(result.exitCode()).isEqualTo(1);
      assertThat(result.err())
          .isEqualTo(
              "samovar bench mt judge: question 111 (math) needs reference answers, but "
                  + reference
                  + " has none for them\n");
    }
  }

  @Test
  void localQuestionsNeedLocalJudgePrompts() {
    Cli.Result result =
        Cli.run(
            Map.of(),
            "bench",
            "mt",
            "judge",
            "--questions",
            questions.toString(),
            "--answers",
            samovar.toString(),
            "--judge-endpoint",
            "http://127.0.0.1:9/v1",
            "--out",
            dir.resolve("j.jsonl").toString());

    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.err())
        .isEqualTo(
            "samovar bench mt judge: pass --bench en|ru|ru-lightblue or --judge-prompts FILE\n");
  }

  @Test
  void anAnswerToAQuestionNotInTheSetIsAnError() throws IOException {
    Files.writeString(
        other,
        "{\"question_id\": 99, \"model_id\": \"other\", \"choices\": [{\"index\": 0, \"turns\": [\"a\", \"b\"]}]}\n");
    try (FakeOpenAi server = new FakeOpenAi(MtJudgeCommandTest::rater)) {
      Cli.Result result = judge(server, dir.resolve("j.jsonl"));

      assertThat(result.exitCode()).isEqualTo(1);
      assertThat(result.err())
          .isEqualTo(
              "samovar bench mt judge: model \"other\" answered question 99, which is not in the"
                  + " question set\n");
    }
  }
}
