package dev.samovar.bench.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.samovar.bench.testing.Cli;
import dev.samovar.client.Json;
import dev.samovar.client.jsonl.JsonlFile;
import dev.samovar.testkit.FakeOpenAi;
import dev.samovar.testkit.FakeOpenAi.Reply;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(60)
class MtAnswerCommandTest {
  @TempDir Path dir;

  private Path questions() throws IOException {
    return Files.writeString(
        dir.resolve("question.jsonl"),
        """
        {"question_id": 81, "category": "writing", "turns": ["Write a poem.", "Shorter, please."]}
        {"question_id": 111, "category": "math", "turns": ["What is 2+2?", "And times 3?"]}
        """);
  }

  /** Answers each message with "re: " and the last user message. */
  private static Reply echo(JsonNode body, int n) {
    JsonNode messages = body.get("messages");
    return Reply.content("re: " + messages.get(messages.size() - 1).get("content").textValue());
  }

  private Cli.Result answer(FakeOpenAi server, Path out, String... extra) throws IOException {
    List<String> args =
        new ArrayList<>(
            List.of(
                "bench",
                "mt",
                "answer",
                "--questions",
                questions().toString(),
                "--endpoint",
                server.baseUrl(),
                "--model",
                "samovar",
                "--out",
                out.toString()));
    args.addAll(List.of(extra));
    return Cli.run(Map.of("TEST_KEY", "sk-123"), args.toArray(String[]::new));
  }

  private static List<JsonNode> rows(Path file) {
    return JsonlFile.read(file).stream().map(JsonlFile.Line::json).toList();
  }

  @Test
  void sendsBothTurnsWithTheWholeConversationAtTheCategorysTemperature() throws IOException {
    Path out = dir.resolve("answers.jsonl");
    try (FakeOpenAi server = new FakeOpenAi(MtAnswerCommandTest::echo)) {
      Cli.Result result = answer(server, out, "--max-tokens", "64", "--api-key-env", "TEST_KEY");

      assertThat(result.exitCode()).as(result.err()).isZero();
      assertThat(server.calls())
          .extracting(call -> Json.line(call.body()))
          .containsExactly(
              "{\"model\":\"samovar\",\"messages\":[{\"role\":\"user\",\"content\":\"Write a poem.\"}],"
                  + "\"n\":1,\"temperature\":0.7,\"max_tokens\":64}",
              "{\"model\":\"samovar\",\"messages\":[{\"role\":\"user\",\"content\":\"Write a poem.\"},"
                  + "{\"role\":\"assistant\",\"content\":\"re: Write a poem.\"},"
                  + "{\"role\":\"user\",\"content\":\"Shorter, please.\"}],"
                  + "\"n\":1,\"temperature\":0.7,\"max_tokens\":64}",
              "{\"model\":\"samovar\",\"messages\":[{\"role\":\"user\",\"content\":\"What is 2+2?\"}],"
                  + "\"n\":1,\"temperature\":0.0,\"max_tokens\":64}",
              "{\"model\":\"samovar\",\"messages\":[{\"role\":\"user\",\"content\":\"What is 2+2?\"},"
                  + "{\"role\":\"assistant\",\"content\":\"re: What is 2+2?\"},"
                  + "{\"role\":\"user\",\"content\":\"And times 3?\"}],"
                  + "\"n\":1,\"temperature\":0.0,\"max_tokens\":64}");
      assertThat(server.calls())
          .allSatisfy(
              call -> assertThat(call.headers()).containsEntry("authorization", "Bearer sk-123"));
    }
    List<JsonNode> rows = rows(out);
    assertThat(rows).extracting(row -> row.get("question_id").intValue()).containsExactly(81, 111);
    JsonNode first = rows.getFirst();
    assertThat(first.fieldNames())
        .toIterable()
        .containsExactly("question_id", "answer_id", "model_id", "choices", "tstamp");
    assertThat(first.get("answer_id").textValue()).hasSize(22);
    assertThat(first.get("model_id").textValue()).isEqualTo("samovar");
    assertThat(Json.line(first.get("choices")))
        .isEqualTo("[{\"index\":0,\"turns\":[\"re: Write a poem.\",\"re: Shorter, please.\"]}]");
    assertThat(first.get("tstamp").isNumber()).isTrue();
  }

  @Test
  void reportsProgressAndASummary() throws IOException {
    Path out = dir.resolve("answers.jsonl");
    try (FakeOpenAi server = new FakeOpenAi(MtAnswerCommandTest::echo)) {
      Cli.Result result = answer(server, out);

      assertThat(result.err().lines())
          .hasSize(2)
          .anyMatch(
              line ->
                  line.matches(
                      "mt answer: [12]/2 questions, .*, question 81 \\(writing\\): answered in"
                          + " \\d+\\.\\d s"))
          .anyMatch(
              line ->
                  line.matches(
                      "mt answer: [12]/2 questions, .*, question 111 \\(math\\): answered in"
                          + " \\d+\\.\\d s"));
      assertThat(result.out())
          .isEqualTo(
              "answers of samovar to 2 of 2 questions in "
                  + out
                  + " (0 from earlier runs, 2 now)\n");
    }
  }

  @Test
  void aSystemPromptGoesFirst() throws IOException {
    try (FakeOpenAi server = new FakeOpenAi(MtAnswerCommandTest::echo)) {
      answer(server, dir.resolve("a.jsonl"), "--system-prompt", "You are a helpful assistant.");

      assertThat(server.calls())
          .allSatisfy(
              call ->
                  assertThat(Json.line(call.body().get("messages").get(0)))
                      .isEqualTo(
                          "{\"role\":\"system\",\"content\":\"You are a helpful assistant.\"}"));
      assertThat(server.calls().get(1).body().get("messages")).hasSize(4);
    }
  }

  @Test
  void goesOnFromAnEarlierRunWithoutAskingAgain() throws IOException {
    Path out = dir.resolve("answers.jsonl");
    String earlier =
        "{\"question_id\":111,\"answer_id\":\"x\",\"model_id\":\"samovar\","
            + "\"choices\":[{\"index\":0,\"turns\":[\"4\",\"12\"]}],\"tstamp\":1.5}";
    Files.writeString(out, earlier + "\n");
    try (FakeOpenAi server = new FakeOpenAi(MtAnswerCommandTest::echo)) {
      Cli.Result result = answer(server, out);

      assertThat(result.exitCode()).isZero();
      assertThat(server.calls())
          .hasSize(2)
          .allSatisfy(call -> assertThat(Json.line(call.body())).contains("Write a poem."));
      assertThat(result.err())
          .startsWith(out + ": 1 of 2 questions already answered; answering the other 1\n");
      assertThat(result.out()).contains("(1 from earlier runs, 1 now)");
    }
    List<String> lines = Files.readAllLines(out);
    assertThat(lines).hasSize(2);
    assertThat(lines.get(0)).contains("\"question_id\":81");
    assertThat(lines.get(1)).isEqualTo(earlier);
  }

  @Test
  void refusesToMixModelsInOneFile() throws IOException {
    Path out = dir.resolve("answers.jsonl");
    Files.writeString(
        out,
        "{\"question_id\":81,\"answer_id\":\"x\",\"model_id\":\"gpt-3.5-turbo\","
            + "\"choices\":[{\"index\":0,\"turns\":[\"a\",\"b\"]}],\"tstamp\":1.5}\n");
    try (FakeOpenAi server = new FakeOpenAi(MtAnswerCommandTest::echo)) {
      Cli.Result result = answer(server, out);

      assertThat(result.exitCode()).isEqualTo(1);
      assertThat(result.err())
          .isEqualTo(
              "samovar bench mt answer: answers.jsonl line 1: an answer of model \"gpt-3.5-turbo\","
                  + " not \"samovar\"; write each model's answers to its own --out file\n");
      assertThat(server.calls()).isEmpty();
    }
  }

  @Test
  void anEndpointThatFailsPartOfTheTimeIsHandled() throws IOException {
    Path out = dir.resolve("answers.jsonl");
    Path many =
        Files.writeString(
            dir.resolve("many.jsonl"),
            """
            {"question_id": 81, "category": "writing", "turns": ["q81a", "q81b"]}
            {"question_id": 82, "category": "writing", "turns": ["q82a", "q82b"]}
            {"question_id": 91, "category": "roleplay", "turns": ["q91a", "q91b"]}
            {"question_id": 141, "category": "stem", "turns": ["q141a", "q141b"]}
            """);
    try (FakeOpenAi server =
        new FakeOpenAi(
            (body, n) ->
                switch (n % 4) {
                  case 1 -> Reply.error(429, "Rate limit reached").withHeader("Retry-After", "1");
                  case 3 -> Reply.error(500, "The server had an error");
                  default -> echo(body, n);
                })) {
      Cli.Result result =
          Cli.run(
              Map.of(),
              "bench",
              "mt",
              "answer",
              "--questions",
              many.toString(),
              "--endpoint",
              server.baseUrl(),
              "--model",
              "samovar",
              "--out",
              out.toString(),
              "--parallel",
              "4",
              "--retry-wait",
              "0");

      assertThat(result.exitCode()).as(result.err()).isZero();
      assertThat(result.out()).contains("to 4 of 4 questions");
      assertThat(result.err())
          .contains(
              ": HTTP 429 from "
                  + server.baseUrl()
                  + "/chat/completions: Rate limit reached; try 2 of 16 in 1.0 s")
          .contains(
              ": HTTP 500 from "
                  + server.baseUrl()
                  + "/chat/completions: The server had an error; try 2 of 16 in 0.0 s");
      List<FakeOpenAi.Call> calls = server.calls();
      assertThat(calls).hasSizeGreaterThanOrEqualTo(12);
      for (int i = 0; i < calls.size(); i++) {
        if ((i + 1) % 4 == 1) {
          String asked = Json.line(calls.get(i).body());
          FakeOpenAi.Call retry =
              calls.subList(i + 1, calls.size()).stream()
                  .filter(call -> Json.line(call.body()).equals(asked))
                  .findFirst()
                  .orElseThrow();
          assertThat(Duration.between(calls.get(i).at(), retry.at()))
              .as("the retry of request %d waited for Retry-After", i + 1)
              .isGreaterThanOrEqualTo(Duration.ofSeconds(1));
        }
      }
    }
    List<JsonNode> rows = rows(out);
    assertThat(rows)
        .extracting(row -> row.get("question_id").intValue())
        .containsExactly(81, 82, 91, 141);
    for (JsonNode row : rows) {
      int id = row.get("question_id").intValue();
      assertThat(Json.line(row.get("choices").get(0).get("turns")))
          .isEqualTo("[\"re: q" + id + "a\",\"re: q" + id + "b\"]");
    }
  }

  @Test
  void aQuestionThatFailsIsLeftForTheNextRun() throws IOException {
    Path out = dir.resolve("answers.jsonl");
    try (FakeOpenAi server =
        new FakeOpenAi(
            (body, n) ->
                Json.line(body).contains("2+2")
                    ? Reply.error(400, "bad request")
                    : echo(body, n))) {
      Cli.Result result = answer(server, out);

      assertThat(result.exitCode()).isEqualTo(1);
      assertThat(result.out()).contains("to 1 of 2 questions");
      assertThat(result.err())
          .endsWith(
              "samovar bench mt answer: 1 question not answered (first: question 111: HTTP 400 from "
                  + server.baseUrl()
                  + "/chat/completions: bad request); run the same command again to answer them\n");
    }
    assertThat(rows(out)).extracting(row -> row.get("question_id").intValue()).containsExactly(81);
  }

  @Test
  void aRefusedKeyStopsTheRun() throws IOException {
    Path out = dir.resolve("answers.jsonl");
    try (FakeOpenAi server =
        new FakeOpenAi((body, n) -> Reply.error(401, "Incorrect API key provided"))) {
      Cli.Result result = answer(server, out);

      assertThat(result.exitCode()).isEqualTo(1);
      assertThat(result.err())
          .isEqualTo(
              "samovar bench mt answer: question 81: HTTP 401 from "
                  + server.baseUrl()
                  + "/chat/completions: Incorrect API key provided; stopped, the answers so far are"
                  + " kept in "
                  + out
                  + " and a new run goes on from them\n");
      assertThat(server.calls()).hasSize(1);
    }
  }

  @Test
  void usageErrors() throws IOException {
    String[] common = {"--endpoint", "http://127.0.0.1:9/v1", "--model", "m", "--out", "a.jsonl"};
    Cli.Result neither = Cli.run(Map.of(), concat(new String[] {"bench", "mt", "answer"}, common));
    Cli.Result both =
        Cli.run(
            Map.of(),
            concat(
                new String[] {"bench", "mt", "answer", "--bench", "en", "--questions", "q.jsonl"},
                common));
    Cli.Result noKey =
        Cli.run(
            Map.of(),
            concat(
                new String[] {
                  "bench",
                  "mt",
                  "answer",
                  "--questions",
                  questions().toString(),
                  "--api-key-env",
                  "MISSING_KEY"
                },
                common));
    Cli.Result badUrl =
        Cli.run(
            Map.of(),
            "bench",
            "mt",
            "answer",
            "--questions",
            "q.jsonl",
            "--endpoint",
            "localhost:8080",
            "--model",
            "m",
            "--out",
            "a.jsonl");

    assertThat(neither.exitCode()).isEqualTo(2);
    assertThat(neither.err())
        .isEqualTo(
            "samovar bench mt answer: pass --bench en|ru|ru-lightblue or --questions FILE (see --help)\n");
    assertThat(both.err())
        .isEqualTo(
            "samovar bench mt answer: pass either --bench or --questions, not both (see --help)\n");
    assertThat(noKey.exitCode()).isEqualTo(2);
    assertThat(noKey.err())
        .isEqualTo(
            "samovar bench mt answer: --api-key-env names MISSING_KEY, which is not set in the"
                + " environment (see --help)\n");
    assertThat(badUrl.exitCode()).isEqualTo(2);
    assertThat(badUrl.err())
        .startsWith("samovar bench mt answer: --endpoint: expected an http(s) base URL");
  }

  private static String[] concat(String[] first, String[] second) {
    List<String> all = new ArrayList<>(List.of(first));
    all.addAll(List.of(second));
    return all.toArray(String[]::new);
  }
}
