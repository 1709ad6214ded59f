package dev.samovar.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.samovar.bench.testing.Jars;
import dev.samovar.client.jsonl.JsonlFile;
import dev.samovar.testkit.FakeOpenAi;
import dev.samovar.testkit.FakeOpenAi.Reply;
import dev.samovar.testkit.ServerProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code samovar bench mt answer} from its jar, killed (SIGKILL) in the middle and run again. */
@Timeout(120)
class ResumeAfterKillIT {
  private static final int QUESTIONS = 12;

  @TempDir Path dir;

  private Process answer(String endpoint, Path questions, Path out) throws Exception {
    return new ProcessBuilder(
            ServerProcess.java(),
            "-jar",
            Jars.bench().toString(),
            "bench",
            "mt",
            "answer",
            "--questions",
            questions.toString(),
            "--endpoint",
            endpoint,
            "--model",
            "m",
            "--parallel",
            "2",
            "--out",
            out.toString())
        .redirectOutput(dir.resolve("out.txt").toFile())
        .redirectError(dir.resolve("err.txt").toFile())
        .start();
  }

  private static long completeLines(Path file) throws Exception {
    if (!Files.exists(file)) {
      return 0;
    }
    return Files.readString(file).chars().filter(c -> c == '\n').count();
  }

  private static int questionOf(FakeOpenAi.Call call) {
    String first = call.body().get("messages").get(0).get("content").textValue();
    return Integer.parseInt(first.substring(1, first.indexOf(' ')));
  }

  @Test
  void aKilledRunGoesOnWithoutDuplicatesOrAskingAgain() throws Exception {
    Path questions =
        Files.writeString(
            dir.resolve("question.jsonl"),
            IntStream.rangeClosed(1, QUESTIONS)
                .mapToObj(
                    i ->
                        "{\"question_id\": "
                            + i
                            + ", \"category\": \"writing\", \"turns\": [\"q"
                            + i
                            + " first\", \"q"
                            + i
                            + " second\"]}\n")
                .collect(Collectors.joining()));
    Path out = dir.resolve("answers.jsonl");
    try (FakeOpenAi server =
        new FakeOpenAi(
            (body, n) -> {
              Thread.sleep(150);
              JsonNode messages = body.get("messages");
              return Reply.content(
                  "re: " + messages.get(messages.size() - 1).get("content").textValue());
            })) {
      Process first = answer(server.baseUrl(), questions, out);
      Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
      while (completeLines(out) < 3) {
        assertThat(first.isAlive())
            .as("the first run ended early: %s", Files.readString(dir.resolve("err.txt")))
            .isTrue();
        assertThat(Instant.now()).isBefore(deadline);
        Thread.sleep(20);
      }
      first.destroyForcibly();
      assertThat(first.waitFor(30, TimeUnit.SECONDS)).isTrue();
      int callsBeforeKill = server.calls().size();
      Set<Integer> answeredBeforeKill =
          JsonlFile.read(out).stream()
              .map(line -> line.json().get("question_id").intValue())
              .collect(Collectors.toSet());
      assertThat(answeredBeforeKill).hasSizeBetween(3, QUESTIONS - 1);

      Process second = answer(server.baseUrl(), questions, out);
      assertThat(second.waitFor(60, TimeUnit.SECONDS)).isTrue();
      assertThat(second.exitValue()).as(Files.readString(dir.resolve("err.txt"))).isZero();
      assertThat(Files.readString(dir.resolve("err.txt")))
          .startsWith(
              out
                  + ": "
                  + answeredBeforeKill.size()
                  + " of "
                  + QUESTIONS
                  + " questions already answered; answering the other "
                  + (QUESTIONS - answeredBeforeKill.size())
                  + "\n");

      List<FakeOpenAi.Call> secondRun =
          server.calls().subList(callsBeforeKill, server.calls().size());
      assertThat(secondRun).noneMatch(call -> answeredBeforeKill.contains(questionOf(call)));
      assertThat(secondRun).hasSize(2 * (QUESTIONS - answeredBeforeKill.size()));
    }
    List<JsonNode> rows = JsonlFile.read(out).stream().map(JsonlFile.Line::json).toList();
    assertThat(rows)
        .extracting(row -> row.get("question_id").intValue())
        .containsExactlyElementsOf(IntStream.rangeClosed(1, QUESTIONS).boxed().toList());
    for (JsonNode row : rows) {
      int id = row.get("question_id").intValue();
      assertThat(row.get("choices").get(0).get("turns").get(1).textValue())
          .isEqualTo("re: q" + id + " second");
    }
  }
}
