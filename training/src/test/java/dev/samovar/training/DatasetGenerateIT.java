package dev.samovar.training;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.samovar.client.Json;
import dev.samovar.client.jsonl.JsonlFile;
import dev.samovar.testkit.ServerProcess;
import dev.samovar.training.FaultProxy.Fault;
import dev.samovar.training.dataset.PromptRecord;
import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code samovar train dataset generate} over real HTTP with samovar's own server (its packaged
 * jar, the tiny model) as the teacher, behind a proxy that fails part of the requests.
 */
@Timeout(300)
class DatasetGenerateIT {
  private static final int MAX_TOKENS = 8;

  @TempDir static Path serverDir;
  @TempDir Path dir;
  private static ServerProcess server;
  private static String teacher;

  @BeforeAll
  static void startServer() throws Exception {
    server = new ServerProcess(serverDir, 2);
    teacher = server.baseUrl();
  }

  @AfterAll
  static void stopServer() throws InterruptedException {
    if (server != null) {
      server.close();
    }
  }

  private static Path jar(String property, String hint) {
    String value = System.getProperty(property);
    assertThat(value)
        .as("system property %s (set by training/pom.xml for failsafe)", property)
        .isNotNull();
    Path jar = Path.of(value);
    assertThat(jar).as("%s is missing: %s", jar, hint).isRegularFile();
    return jar;
  }

  private Path prompts(int count) throws IOException {
    List<PromptRecord> prompts = new ArrayList<>();
    for (int i = 1; i <= count; i++) {
      List<String> turns =
          i % 3 == 0 ? List.of("Вопрос " + i, "Продолжай, " + i) : List.of("Вопрос " + i);
      prompts.add(new PromptRecord("q" + i, "Russian", "ru", turns));
    }
    Path file = dir.resolve("prompts.jsonl");
    try (Writer out = Files.newBufferedWriter(file)) {
      PromptRecord.write(prompts, out);
    }
    return file;
  }

  private List<String> args(Path prompts, String url, String... extra) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "train",
                "dataset",
                "generate",
                "--prompts",
                prompts.toString(),
                "--teacher-url",
                url,
                "--teacher-model",
                "tiny",
                "--max-tokens",
                String.valueOf(MAX_TOKENS),
                "--temperature",
                "0",
                "--concurrency",
                "2",
                "--retries",
                "8",
                "--retry-wait",
                "0.05",
                "--out",
                dir.resolve("data.jsonl").toString(),
                "--messages-out",
                dir.resolve("messages.jsonl").toString()));
    args.addAll(List.of(extra));
    return args;
  }

  private List<JsonNode> rows(String file) {
    return JsonlFile.read(dir.resolve(file)).stream().map(JsonlFile.Line::json).toList();
  }

  private static List<String> ids(List<JsonNode> rows) {
    return rows.stream().map(row -> row.get("id").textValue()).toList();
  }

  /** Exactly one record per prompt in both files, each the prompt's turns with an answer each. */
  private void assertOneCompleteRecordPerPrompt(Path prompts) throws IOException {
    List<PromptRecord> expected = PromptRecord.read(prompts);
    List<JsonNode> out = rows("data.jsonl");
    List<JsonNode> messages = rows("messages.jsonl");
    assertThat(ids(out))
        .doesNotHaveDuplicates()
        .containsExactlyInAnyOrderElementsOf(expected.stream().map(PromptRecord::id).toList());
    assertThat(ids(messages)).containsExactlyElementsOf(ids(out));
    for (PromptRecord prompt : expected) {
      JsonNode row = out.get(ids(out).indexOf(prompt.id()));
      JsonNode conversations = row.get("conversations");
      assertThat(conversations).hasSize(2 * prompt.turns().size());
      for (int i = 0; i < prompt.turns().size(); i++) {
        assertThat(conversations.get(2 * i).get("from").textValue()).isEqualTo("human");
        assertThat(conversations.get(2 * i).get("value").textValue())
            .isEqualTo(prompt.turns().get(i));
        assertThat(conversations.get(2 * i + 1).get("from").textValue()).isEqualTo("gpt");
      }
      assertThat(row.get("teacher").textValue()).isEqualTo("tiny");
      assertThat(row.get("language").textValue()).isEqualTo("Russian");
      JsonNode usage = row.get("usage");
      assertThat(usage.get("prompt_tokens").longValue()).isPositive();
      assertThat(usage.get("completion_tokens").longValue())
          .isBetween(1L, (long) MAX_TOKENS * prompt.turns().size());
      JsonNode message = messages.get(ids(messages).indexOf(prompt.id()));
      assertThat(message.get("messages")).hasSize(conversations.size());
      for (int i = 0; i < conversations.size(); i++) {
        assertThat(message.get("messages").get(i).get("content").textValue())
            .isEqualTo(conversations.get(i).get("value").textValue());
      }
    }
  }

  @Test
  void aTeacherThatFailsPartOfTheTimeStillGivesOneAnswerPerPrompt() throws Exception {
    Path prompts = prompts(6);
    try (FaultProxy proxy =
        new FaultProxy(
            teacher,
            n ->
                switch (n % 5) {
                  case 1 -> Fault.RATE_LIMIT;
                  case 2 -> Fault.SERVER_ERROR;
                  case 3 -> n < 10 ? Fault.DROP : Fault.FORWARD;
                  default -> Fault.FORWARD;
                },
            Duration.ZERO)) {
      Cli run = Cli.run(args(prompts, proxy.baseUrl()).toArray(String[]::new));

      assertThat(run.exitCode()).as(run.err()).isZero();
      assertThat(proxy.count(Fault.RATE_LIMIT)).isPositive();
      assertThat(proxy.count(Fault.SERVER_ERROR)).isPositive();
      assertThat(proxy.count(Fault.DROP)).isPositive();
      int turns = 8;
      assertThat(proxy.count(Fault.FORWARD)).isEqualTo(turns);
      int retries =
          proxy.count(Fault.RATE_LIMIT) + proxy.count(Fault.SERVER_ERROR) + proxy.count(Fault.DROP);
      assertThat(run.out())
          .startsWith("prompts: 6, done earlier: 0, written now: 6, failed: 0, truncated: ")
          .contains(", retries: " + retries + "\n");
      JsonNode summary =
          Json.MAPPER.readTree(Files.readString(dir.resolve("data.jsonl.summary.json")));
      assertThat(summary.get("turns").intValue()).isEqualTo(turns);
      assertThat(summary.get("answers_without_usage").intValue()).isZero();
      assertThat(summary.get("retries").intValue()).isEqualTo(retries);
    }
    assertOneCompleteRecordPerPrompt(prompts);
  }

  @Test
  void aKilledRunGoesOnWithExactlyOneAnswerPerPrompt() throws Exception {
    int count = 10;
    Path prompts = prompts(count);
    Path out = dir.resolve("data.jsonl");
    try (FaultProxy proxy = new FaultProxy(teacher, n -> Fault.FORWARD, Duration.ofMillis(300))) {
      List<String> command =
          new ArrayList<>(List.of(ServerProcess.java(), "-jar", trainingJar().toString()));
      command.addAll(args(prompts, proxy.baseUrl()));
      Process first =
          new ProcessBuilder(command)
              .redirectOutput(dir.resolve("first.out").toFile())
              .redirectError(dir.resolve("first.err").toFile())
              .start();
      Instant deadline = Instant.now().plus(Duration.ofSeconds(120));
      while (completeLines(out) < 3) {
        assertThat(first.isAlive())
            .as("the first run ended early: %s", Files.readString(dir.resolve("first.err")))
            .isTrue();
        assertThat(Instant.now()).as("no 3 records in 120 s").isBefore(deadline);
        Thread.sleep(20);
      }
      first.destroyForcibly();
      assertThat(first.waitFor(30, TimeUnit.SECONDS)).isTrue();
      Set<String> doneBeforeKill = Set.copyOf(ids(rows("data.jsonl")));
      assertThat(doneBeforeKill).hasSizeBetween(3, count - 1);
      int forwardedBeforeKill = proxy.forwarded().size();

      Process second =
          new ProcessBuilder(command)
              .redirectOutput(dir.resolve("second.out").toFile())
              .redirectError(dir.resolve("second.err").toFile())
              .start();
      assertThat(second.waitFor(120, TimeUnit.SECONDS)).isTrue();
      assertThat(second.exitValue()).as(Files.readString(dir.resolve("second.err"))).isZero();
      assertThat(Files.readString(dir.resolve("second.out")))
          .startsWith(
              "prompts: "
                  + count
                  + ", done earlier: "
                  + doneBeforeKill.size()
                  + ", written now: "
                  + (count - doneBeforeKill.size())
                  + ", failed: 0");
      List<String> askedAgain =
          proxy.forwarded().subList(forwardedBeforeKill, proxy.forwarded().size()).stream()
              .map(DatasetGenerateIT::firstUserMessage)
              .filter(asked -> doneBeforeKill.contains("q" + asked.substring("Вопрос ".length())))
              .collect(Collectors.toList());
      assertThat(askedAgain).isEmpty();
    }
    assertOneCompleteRecordPerPrompt(prompts);
  }

  @Test
  void aTeacherThatAlwaysFailsEndsWith1AndLeavesTheFilesAsTheyWere() throws Exception {
    Path prompts = prompts(2);
    String done =
        "{\"id\":\"q1\",\"conversations\":[{\"from\":\"human\",\"value\":\"Вопрос 1\"},{\"from\":"
            + "\"gpt\",\"value\":\"Ответ\"}],\"language\":\"Russian\",\"teacher\":\"tiny\","
            + "\"finish_reasons\":[\"stop\"]}\n";
    Files.writeString(dir.resolve("data.jsonl"), done);
    try (FaultProxy proxy = new FaultProxy(teacher, n -> Fault.SERVER_ERROR, Duration.ZERO)) {
      List<String> args = args(prompts, proxy.baseUrl());
      args.set(args.indexOf("--retries") + 1, "3");
      Cli run = Cli.run(args.toArray(String[]::new));

      assertThat(run.exitCode()).isEqualTo(1);
      assertThat(proxy.count(Fault.SERVER_ERROR)).isEqualTo(3);
      assertThat(run.errLines())
          .last()
          .asString()
          .startsWith(
              "samovar train dataset generate: 1 prompt not answered (first: prompt q2: HTTP 500"
                  + " from "
                  + proxy.baseUrl()
                  + "/chat/completions: failed by the proxy (tried 3 times))");
    }
    assertThat(dir.resolve("data.jsonl")).content().isEqualTo(done);
    assertThat(rows("messages.jsonl"))
        .extracting(row -> row.get("id").textValue())
        .containsExactly("q1");
  }

  private static Path trainingJar() {
    return jar("samovar.training.jar", "run the integration tests through ./mvnw verify");
  }

  private static long completeLines(Path file) throws IOException {
    if (!Files.exists(file)) {
      return 0;
    }
    return Files.readString(file).chars().filter(c -> c == '\n').count();
  }

  private static String firstUserMessage(String body) {
    try {
      return Json.MAPPER.readTree(body).get("messages").get(0).get("content").textValue();
    } catch (IOException e) {
      throw new IllegalStateException(body, e);
    }
  }
}
