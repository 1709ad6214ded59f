package dev.samovar.training.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.samovar.training.TrainingException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PromptRecordTest {
  @TempDir Path dir;

  @Test
  void writesOneObjectALineAndReadsItBack() throws IOException {
    List<PromptRecord> prompts =
        List.of(
            new PromptRecord("a1", "Russian", "ru", List.of("Привет", "Как дела?")),
            new PromptRecord("b2", "English", "en", List.of("Hi")));
    Path file = dir.resolve("prompts.jsonl");

    PromptRecord.write(file, prompts);

    assertThat(file)
        .content()
        .isEqualTo(
            "{\"id\":\"a1\",\"language\":\"Russian\",\"lang\":\"ru\",\"turns\":[\"Привет\",\"Как"
                + " дела?\"]}\n"
                + "{\"id\":\"b2\",\"language\":\"English\",\"lang\":\"en\",\"turns\":[\"Hi\"]}\n");
    assertThat(PromptRecord.read(file)).isEqualTo(prompts);
  }

  @Test
  void namesTheLineAtFault() throws IOException {
    Path file =
        Files.writeString(
            dir.resolve("p.jsonl"),
            "{\"id\": \"x\", \"language\": \"Russian\", \"lang\": \"ru\", \"turns\": [\"a\"]}\n"
                + "{\"id\": \"y\", \"language\": \"Russian\", \"lang\": \"ru\", \"turns\": []}\n");
    assertThatThrownBy(() -> PromptRecord.read(file))
        .isInstanceOf(TrainingException.class)
        .hasMessage("p.jsonl line 2: \"turns\" must be a non-empty array of strings");

    Files.writeString(
        file,
        "{\"id\": \"x\", \"language\": \"Russian\", \"lang\": \"ru\", \"turns\": [\"a\"]}\n"
            + "{\"id\": \"x\", \"language\": \"Russian\", \"lang\": \"ru\", \"turns\": [\"b\"]}\n");
    assertThatThrownBy(() -> PromptRecord.read(file))
        .hasMessage("p.jsonl line 2: the id \"x\" is repeated");

    Files.writeString(file, "{\"id\": \"x\", \"lang\": \"ru\", \"turns\": [\"a\"]}\n");
    assertThatThrownBy(() -> PromptRecord.read(file))
        .hasMessage("p.jsonl line 1: missing field \"language\"");
  }
}
