package dev.samovar.training.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.samovar.training.TrainingException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PromptRecordTest {
  @TempDir Path dir;

  @Test
  void writesFieldsInFixedOrderAndReadsThemBack() throws Exception {
    PromptRecord record =
        new PromptRecord("c-1", "Russian", "ru", List.of("Привет, \"мир\"", "second\nline"));
    assertThat(record.toJson())
        .isEqualTo(
            "{\"id\":\"c-1\",\"language\":\"Russian\",\"lang\":\"ru\","
                + "\"turns\":[\"Привет, \\\"мир\\\"\",\"second\\nline\"]}");
    assertThat(PromptRecord.fromJson(record.toJson())).isEqualTo(record);

    StringWriter out = new StringWriter();
    PromptRecord other = new PromptRecord("c-2", "English", "en", List.of("Hi"));
    PromptRecord.write(List.of(record, other), out);
    Path file = dir.resolve("prompts.jsonl");
    Files.writeString(file, out + "\n", StandardCharsets.UTF_8);
    assertThat(PromptRecord.read(file)).containsExactly(record, other);
  }

  @Test
  void readNamesTheFileAndLineOfABadRecord() throws Exception {
    Path file = dir.resolve("prompts.jsonl");
    Files.writeString(
        file,
        new PromptRecord("a", "English", "en", List.of("x")).toJson()
            + "\n\n{\"id\":\"b\",\"language\":\"English\",\"lang\":\"en\",\"turns\":[]}\n");
    assertThatThrownBy(() -> PromptRecord.read(file))
        .isInstanceOf(TrainingException.class)
        .hasMessage(file + ":3: \"turns\" must be a non-empty array of strings");
  }

  @Test
  void readRefusesAnIdUsedTwice() throws Exception {
    Path file = dir.resolve("prompts.jsonl");
    Files.writeString(
        file,
        new PromptRecord("a", "English", "en", List.of("x")).toJson()
            + "\n"
            + new PromptRecord("b", "English", "en", List.of("y")).toJson()
            + "\n"
            + new PromptRecord("a", "English", "en", List.of("z")).toJson()
            + "\n");
    assertThatThrownBy(() -> PromptRecord.read(file))
        .isInstanceOf(TrainingException.class)
        .hasMessage(file + ":3: id \"a\" already used at line 1");
  }

  @Test
  void fromJsonSaysWhatIsWrong() {
    assertThatThrownBy(() -> PromptRecord.fromJson("[1]")).hasMessage("expected a JSON object");
    assertThatThrownBy(() -> PromptRecord.fromJson("{\"turns\":[\"x\"],\"language\":\"a\"}"))
        .hasMessage("\"id\" must be a string, not missing");
    assertThatThrownBy(
            () ->
                PromptRecord.fromJson(
                    "{\"id\":\"a\",\"language\":\"b\",\"lang\":\"c\",\"turns\":[\"x\",2]}"))
        .hasMessage("\"turns\" must hold strings only, not 2");
    assertThatThrownBy(() -> PromptRecord.fromJson("{\"id\":"))
        .hasMessageStartingWith("not valid JSON: ");
  }
}
