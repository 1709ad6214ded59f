package dev.samovar.training.dataset.generate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.samovar.client.Json;
import dev.samovar.training.TrainingException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetOutputTest {
  @TempDir Path dir;
  private final List<String> notes = new ArrayList<>();

  private static GeneratedRecord record(String id, String teacher) {
    return new GeneratedRecord(
        id,
        "Russian",
        teacher,
        List.of(new GeneratedRecord.Turn("q " + id, "a " + id, Optional.of("stop"))),
        Optional.empty());
  }

  private static String shareGpt(String id) {
    return Json.line(record(id, "t").toShareGpt()) + "\n";
  }

  private static String messages(String id) {
    return Json.line(record(id, "t").toMessages()) + "\n";
  }

  private DatasetOutput open(Path out, Optional<Path> messagesOut) {
    return DatasetOutput.open(out, messagesOut, "t", notes::add);
  }

  @Test
  void appendsToBothFilesAndKnowsWhatIsDone() throws IOException {
    Path out = dir.resolve("data.jsonl");
    Path msgs = dir.resolve("messages.jsonl");
    try (DatasetOutput output = open(out, Optional.of(msgs))) {
      assertThat(output.done("a")).isFalse();
      output.append(record("a", "t"));
      output.append(record("b", "t"));
      assertThat(output.done("a")).isTrue();
      assertThat(output.done("c")).isFalse();
    }
    assertThat(out).content().isEqualTo(shareGpt("a") + shareGpt("b"));
    assertThat(msgs).content().isEqualTo(messages("a") + messages("b"));
    try (DatasetOutput output = open(out, Optional.of(msgs))) {
      assertThat(output.done("a")).isTrue();
      assertThat(output.done("b")).isTrue();
    }
    assertThat(notes).isEmpty();
  }

  @Test
  void dropsALastLineCutByAKill() throws IOException {
    Path out = dir.resolve("data.jsonl");
    String cut = shareGpt("b").substring(0, 25);
    Files.writeString(out, shareGpt("a") + cut);

    try (DatasetOutput output = open(out, Optional.empty())) {
      assertThat(output.done("a")).isTrue();
      assertThat(output.done("b")).isFalse();
      output.append(record("b", "t"));
    }

    assertThat(out).content().isEqualTo(shareGpt("a") + shareGpt("b"));
    assertThat(notes)
        .containsExactly(
            out
                + ": dropped an incomplete last line (25 bytes) left by a run that was stopped"
                + " while writing it");
  }

  @Test
  void rewritesMessagesFromOutWhenAKillCameBetweenTheTwoWrites() throws IOException {
    Path out = Files.writeString(dir.resolve("data.jsonl"), shareGpt("a") + shareGpt("b"));
    Path msgs = Files.writeString(dir.resolve("messages.jsonl"), messages("a") + "{\"id\":\"b");

    try (DatasetOutput output = open(out, Optional.of(msgs))) {
      assertThat(output.done("b")).isTrue();
    }

    assertThat(msgs).content().isEqualTo(messages("a") + messages("b"));
    assertThat(notes)
        .containsExactly(
            msgs
                + ": dropped an incomplete last line (8 bytes) left by a run that was stopped"
                + " while writing it",
            msgs
                + ": rewritten from "
                + out
                + " (2 records) because their ids differed (a run stopped between the two writes)");
  }

  @Test
  void rewritesMessagesThatHoldARecordMissingFromOut() throws IOException {
    Path out = Files.writeString(dir.resolve("data.jsonl"), shareGpt("a"));
    Path msgs = Files.writeString(dir.resolve("messages.jsonl"), messages("a") + messages("z"));

    open(out, Optional.of(msgs)).close();

    assertThat(msgs).content().isEqualTo(messages("a"));
  }

  @Test
  void refusesAnOutputOfAnotherTeacher() throws IOException {
    Path out =
        Files.writeString(
            dir.resolve("data.jsonl"), Json.line(record("a", "gpt-4o").toShareGpt()) + "\n");
    String before = Files.readString(out);

    assertThatThrownBy(() -> open(out, Optional.empty()))
        .isInstanceOf(TrainingException.class)
        .hasMessage(
            "data.jsonl line 1: an answer of teacher \"gpt-4o\", not \"t\"; write each teacher's"
                + " answers to its own --out file");
    assertThat(out).content().isEqualTo(before);
  }
}
