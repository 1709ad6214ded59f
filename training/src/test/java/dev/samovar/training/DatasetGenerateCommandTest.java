package dev.samovar.training;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.samovar.client.Json;
import dev.samovar.client.jsonl.JsonlFile;
import dev.samovar.testkit.FakeOpenAi;
import dev.samovar.testkit.FakeOpenAi.Reply;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(60)
class DatasetGenerateCommandTest {
  @TempDir Path dir;

  private Path prompts(String... lines) throws IOException {
    return Files.writeString(dir.resolve("prompts.jsonl"), String.join("\n", lines) + "\n");
  }

  private Path twoPrompts() throws IOException {
    return prompts(
        "{\"id\": \"p1\", \"language\": \"Russian\", \"lang\": \"ru\", \"turns\": [\"Привет\","
            + " \"Ещё раз\"]}",
        "{\"id\": \"p2\", \"language\": \"Russian\", \"lang\": \"ru\", \"turns\": [\"Как"
            + " дела?\"]}");
  }

  /** "re: " and the last message; 10 prompt tokens per message, 3 completion tokens. */
  private static Reply echo(JsonNode body, int n) {
    JsonNode messages = body.get("messages");
    String last = messages.get(messages.size() - 1).get("content").textValue();
    return Reply.content("re: " + last, "stop", 10L * messages.size(), 3);
  }

  private Cli generate(FakeOpenAi server, Path prompts, String... extra) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "train",
                "dataset",
                "generate",
                "--prompts",
                prompts.toString(),
                "--teacher-url",
                server.baseUrl(),
                "--teacher-model",
                "teacher-1",
                "--max-tokens",
                "32",
                "--retry-wait",
                "0",
                "--out",
                dir.resolve("data.jsonl").toString()));
    args.addAll(List.of(extra));
    return Cli.run(args.toArray(String[]::new));
  }

  private List<JsonNode> rows(String file) {
    return JsonlFile.read(dir.resolve(file)).stream().map(JsonlFile.Line::json).toList();
  }

  @Test
  void asksTurnOneAloneThenEachTurnWithTheConversationSoFar() throws Exception {
    try (FakeOpenAi server = new FakeOpenAi(DatasetGenerateCommandTest::echo)) {
      Cli run =
          generate(
              server,
              twoPrompts(),
              "--concurrency",
              "1",
              "--temperature",
              "0.2",
              "--messages-out",
              dir.resolve("messages.jsonl").toString(),
              "--price-in",
              "2.5",
              "--price-out",
              "10");

      assertThat(run.exitCode()).as(run.err()).isZero();
      assertThat(server.calls())
          .extracting(call -> Json.line(call.body()))
          .containsExactly(
              "{\"model\":\"teacher-1\",\"messages\":[{\"role\":\"user\",\"content\":\"Привет\"}],"
                  + "\"n\":1,\"temperature\":0.2,\"max_tokens\":32}",
              "{\"model\":\"teacher-1\",\"messages\":[{\"role\":\"user\",\"content\":\"Привет\"},"
                  + "{\"role\":\"assistant\",\"content\":\"re: Привет\"},{\"role\":\"user\","
                  + "\"content\":\"Ещё раз\"}],\"n\":1,\"temperature\":0.2,\"max_tokens\":32}",
              "{\"model\":\"teacher-1\",\"messages\":[{\"role\":\"user\",\"content\":\"Как"
                  + " дела?\"}],\"n\":1,\"temperature\":0.2,\"max_tokens\":32}");
      assertThat(dir.resolve("data.jsonl"))
          .content()
          .isEqualTo(
              "{\"id\":\"p1\",\"conversations\":[{\"from\":\"human\",\"value\":\"Привет\"},"
                  + "{\"from\":\"gpt\",\"value\":\"re: Привет\"},{\"from\":\"human\",\"value\":"
                  + "\"Ещё раз\"},{\"from\":\"gpt\",\"value\":\"re: Ещё раз\"}],\"language\":"
                  + "\"Russian\",\"teacher\":\"teacher-1\",\"finish_reasons\":[\"stop\",\"stop\"],"
                  + "\"usage\":{\"prompt_tokens\":40,\"completion_tokens\":6}}\n"
                  + "{\"id\":\"p2\",\"conversations\":[{\"from\":\"human\",\"value\":\"Как"
                  + " дела?\"},{\"from\":\"gpt\",\"value\":\"re: Как дела?\"}],\"language\":"
                  + "\"Russian\",\"teacher\":\"teacher-1\",\"finish_reasons\":[\"stop\"],"
                  + "\"usage\":{\"prompt_tokens\":10,\"completion_tokens\":3}}\n");
      assertThat(dir.resolve("messages.jsonl"))
          .content()
          .isEqualTo(
              "{\"id\":\"p1\",\"messages\":[{\"role\":\"user\",\"content\":\"Привет\"},"
                  + "{\"role\":\"assistant\",\"content\":\"re: Привет\"},{\"role\":\"user\","
                  + "\"content\":\"Ещё раз\"},{\"role\":\"assistant\",\"content\":\"re: Ещё раз\"}],"
                  + "\"language\":\"Russian\"}\n"
                  + "{\"id\":\"p2\",\"messages\":[{\"role\":\"user\",\"content\":\"Как дела?\"},"
                  + "{\"role\":\"assistant\",\"content\":\"re: Как дела?\"}],\"language\":"
                  + "\"Russian\"}\n");
      assertThat(run.out())
          .isEqualTo(
              "prompts: 2, done earlier: 0, written now: 2, failed: 0, truncated: 0 (dropped: 0)\n"
                  + "turns: 3, prompt tokens: 50, completion tokens: 9, retries: 0\n"
                  + "cost: $0.0002\n"
                  + "summary: "
                  + dir.resolve("data.jsonl.summary.json")
                  + "\n");
      JsonNode summary =
          Json.MAPPER.readTree(Files.readString(dir.resolve("data.jsonl.summary.json")));
      assertThat(Json.line(summary))
          .isEqualTo(
              "{\"prompts\":2,\"done_earlier\":0,\"written\":2,\"failed\":0,\"truncated\":0,"
                  + "\"dropped_truncated\":0,\"turns\":3,\"prompt_tokens\":50,"
                  + "\"completion_tokens\":9,\"answers_without_usage\":0,\"retries\":0,"
                  + "\"price_in_usd_per_1m\":2.5,\"price_out_usd_per_1m\":10.0,"
                  + "\"cost_usd\":2.15E-4}");
    }
  }

  @Test
  void aSystemPromptGoesFirstInEveryRequestAndIsNotWrittenOut() throws Exception {
    try (FakeOpenAi server = new FakeOpenAi(DatasetGenerateCommandTest::echo)) {
      Cli run = generate(server, twoPrompts(), "--system-prompt", "Будь краток.");

      assertThat(run.exitCode()).as(run.err()).isZero();
      assertThat(server.calls())
          .allSatisfy(
              call ->
                  assertThat(Json.line(call.body().get("messages").get(0)))
                      .isEqualTo("{\"role\":\"system\",\"content\":\"Будь краток.\"}"));
      assertThat(rows("data.jsonl"))
          .allSatisfy(
              row ->
                  assertThat(row.get("conversations").get(0).get("from").textValue())
                      .isEqualTo("human"));
      assertThat(run.out()).contains("cost: n/a\n");
    }
  }

  @Test
  void aRerunSkipsFinishedPromptsEvenWhenThePromptsFileChanged() throws Exception {
    try (FakeOpenAi server = new FakeOpenAi(DatasetGenerateCommandTest::echo)) {
      assertThat(generate(server, twoPrompts()).exitCode()).isZero();
      int calls = server.calls().size();

      Path changed =
          prompts(
              "{\"id\": \"p3\", \"language\": \"Russian\", \"lang\": \"ru\", \"turns\": [\"Новое\"]}",
              "{\"id\": \"p2\", \"language\": \"Russian\", \"lang\": \"ru\", \"turns\": [\"Как"
                  + " дела?\"]}");
      Cli rerun = generate(server, changed);

      assertThat(rerun.exitCode()).as(rerun.err()).isZero();
      assertThat(server.calls().subList(calls, server.calls().size()))
          .extracting(FakeOpenAi.Call::lastMessage)
          .containsExactly("Новое");
      assertThat(rerun.errLines())
          .first()
          .isEqualTo(
              dir.resolve("data.jsonl")
                  + ": 1 of 2 prompts already answered; asking for the other 1");
      assertThat(rows("data.jsonl"))
          .extracting(row -> row.get("id").textValue())
          .containsExactlyInAnyOrder("p1", "p2", "p3");
      assertThat(rerun.out()).startsWith("prompts: 2, done earlier: 1, written now: 1, failed: 0");
    }
  }

  @Test
  void triesAgainAfter429And500AndCountsTheRetries() throws Exception {
    try (FakeOpenAi server =
        new FakeOpenAi(
            (body, n) ->
                switch (n) {
                  case 1 -> Reply.error(429, "slow down").withHeader("retry-after-ms", "50");
                  case 2 -> Reply.error(500, "boom");
                  default -> echo(body, n);
                })) {
      Cli run = generate(server, twoPrompts(), "--concurrency", "1");

      assertThat(run.exitCode()).as(run.err()).isZero();
      assertThat(rows("data.jsonl")).hasSize(2);
      assertThat(run.out())
          .contains("turns: 3, prompt tokens: 50, completion tokens: 9, retries: 2\n");
    }
  }

  @Test
  void aTeacherThatAlwaysFailsLeavesTheOutputAsItWasAndExitsWith1() throws Exception {
    Path out = dir.resolve("data.jsonl");
    try (FakeOpenAi good = new FakeOpenAi(DatasetGenerateCommandTest::echo)) {
      generate(
          good,
          prompts(
              "{\"id\": \"p0\", \"language\": \"Russian\", \"lang\": \"ru\","
                  + " \"turns\": [\"Раз\"]}"));
    }
    String before = Files.readString(out);
    try (FakeOpenAi server = new FakeOpenAi((body, n) -> Reply.error(503, "down"))) {
      Cli run = generate(server, twoPrompts(), "--retries", "2", "--concurrency", "1");

      assertThat(run.exitCode()).isEqualTo(1);
      assertThat(server.calls()).hasSize(4);
      assertThat(out).content().isEqualTo(before);
      assertThat(run.errLines())
          .last()
          .isEqualTo(
              "samovar train dataset generate: 2 prompts not answered (first: prompt p1: HTTP 503"
                  + " from "
                  + server.baseUrl()
                  + "/chat/completions: down (tried 2 times)); run the same command again to"
                  + " answer them");
      assertThat(run.out()).startsWith("prompts: 2, done earlier: 0, written now: 0, failed: 2");
    }
  }

  @Test
  void aRefusedKeyStopsTheRunAtOnce() throws Exception {
    try (FakeOpenAi server = new FakeOpenAi((body, n) -> Reply.error(401, "bad key"))) {
      Cli run = generate(server, twoPrompts(), "--concurrency", "1");

      assertThat(run.exitCode()).isEqualTo(1);
      assertThat(server.calls()).hasSize(1);
      assertThat(run.errLines())
          .last()
          .isEqualTo(
              "samovar train dataset generate: prompt p1: HTTP 401 from "
                  + server.baseUrl()
                  + "/chat/completions: bad key; stopped, the records so far are kept in "
                  + dir.resolve("data.jsonl")
                  + " and a new run goes on from them");
    }
  }

  @Test
  void countsTruncatedAnswersAndDropsThemWhenAsked() throws Exception {
    try (FakeOpenAi server =
        new FakeOpenAi(
            (body, n) ->
                body.get("messages").get(0).get("content").textValue().equals("Как дела?")
                    ? Reply.content("Хорошо, и", "length", 5, 32)
                    : echo(body, n))) {
      Cli kept = generate(server, twoPrompts(), "--concurrency", "1");
      assertThat(kept.exitCode()).as(kept.err()).isZero();
      assertThat(kept.out())
          .startsWith(
              "prompts: 2, done earlier: 0, written now: 2, failed: 0, truncated: 1 (dropped: 0)\n");
      assertThat(rows("data.jsonl").get(1).get("finish_reasons").toString())
          .isEqualTo("[\"length\"]");

      Files.delete(dir.resolve("data.jsonl"));
      Cli dropped = generate(server, twoPrompts(), "--drop-truncated");
      assertThat(dropped.exitCode()).as(dropped.err()).isZero();
      assertThat(dropped.out())
          .startsWith(
              "prompts: 2, done earlier: 0, written now: 1, failed: 0, truncated: 1 (dropped: 1)\n");
      assertThat(rows("data.jsonl"))
          .extracting(row -> row.get("id").textValue())
          .containsExactly("p1");
    }
  }

  @Test
  void refusesAnOutputOfAnotherTeacher() throws Exception {
    try (FakeOpenAi server = new FakeOpenAi(DatasetGenerateCommandTest::echo)) {
      assertThat(generate(server, twoPrompts()).exitCode()).isZero();
      int calls = server.calls().size();
      Cli other =
          Cli.run(
              "train",
              "dataset",
              "generate",
              "--prompts",
              dir.resolve("prompts.jsonl").toString(),
              "--teacher-url",
              server.baseUrl(),
              "--teacher-model",
              "teacher-2",
              "--out",
              dir.resolve("data.jsonl").toString());

      assertThat(other.exitCode()).isEqualTo(1);
      assertThat(other.err())
          .isEqualTo(
              "samovar train dataset generate: data.jsonl line 1: an answer of teacher"
                  + " \"teacher-1\", not \"teacher-2\"; write each teacher's answers to its own"
                  + " --out file\n");
      assertThat(server.calls()).hasSize(calls);
    }
  }

  @Test
  void wrongUsageExitsWith2() throws Exception {
    try (FakeOpenAi server = new FakeOpenAi(DatasetGenerateCommandTest::echo)) {
      Cli run = generate(server, twoPrompts(), "--price-in", "1");
      assertThat(run.exitCode()).isEqualTo(2);
      assertThat(run.err())
          .isEqualTo(
              "samovar train dataset generate: give both --price-in and --price-out, or neither"
                  + " (see --help)\n");

      String unset = "SAMOVAR_TEST_KEY_THAT_IS_NOT_SET";
      assertThat(System.getenv(unset)).isNull();
      Cli noKey = generate(server, twoPrompts(), "--api-key-env", unset);
      assertThat(noKey.exitCode()).isEqualTo(2);
      assertThat(noKey.err())
          .isEqualTo(
              "samovar train dataset generate: --api-key-env names "
                  + unset
                  + ", which is not set in the environment (see --help)\n");

      Cli sameFile =
          generate(server, twoPrompts(), "--messages-out", dir.resolve("data.jsonl").toString());
      assertThat(sameFile.exitCode()).isEqualTo(2);
      assertThat(sameFile.err())
          .isEqualTo(
              "samovar train dataset generate: --messages-out must differ from --out (see"
                  + " --help)\n");
      assertThat(server.calls()).isEmpty();
      assertThat(dir.resolve("data.jsonl")).doesNotExist();
    }
  }
}
