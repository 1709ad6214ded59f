package dev.samovar.client.jsonl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.samovar.client.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JsonlOutputTest {
  @TempDir Path dir;
  private final List<String> notes = new ArrayList<>();

  private JsonlOutput<Integer> open(Path file) {
    return JsonlOutput.open(file, line -> line.json().get("id").intValue(), notes::add);
  }

  @Test
  void createsTheFileAndItsFolder() {
    Path file = dir.resolve("a/b/out.jsonl");
    try (JsonlOutput<Integer> output = open(file)) {
      output.append(2, Json.MAPPER.createObjectNode().put("id", 2));
    }
    assertThat(file).content().isEqualTo("{\"id\":2}\n");
  }

  @Test
  void dropsTheIncompleteLastLineOfAKilledRunAndKeepsTheRest() throws IOException {
    Path file = dir.resolve("out.jsonl");
    Files.writeString(file, "{\"id\":3}\n{\"id\":1}\n{\"id\":2,\"tex");

    try (JsonlOutput<Integer> output = open(file)) {
      assertThat(output.existing())
          .extracting(JsonlFile.Line::text)
          .containsExactly("{\"id\":3}", "{\"id\":1}");
      assertThat(output.contains(1)).isTrue();
      assertThat(output.contains(2)).isFalse();
      output.append(2, Json.MAPPER.createObjectNode().put("id", 2));
      assertThat(file).content().isEqualTo("{\"id\":3}\n{\"id\":1}\n{\"id\":2}\n");
      output.rewriteSorted();
    }

    assertThat(file).content().isEqualTo("{\"id\":1}\n{\"id\":2}\n{\"id\":3}\n");
    assertThat(notes)
        .containsExactly(
            file
                + ": dropped an incomplete last line (12 bytes) left by a run that was stopped"
                + " while writing it");
  }

  @Test
  void rewritingKeepsOneRowPerKeyTheLastOne() throws IOException {
    Path file = dir.resolve("out.jsonl");
    Files.writeString(file, "{\"id\":1,\"v\":\"old\"}\n{\"id\":1,\"v\":\"new\"}\n");

    try (JsonlOutput<Integer> output = open(file)) {
      output.rewriteSorted();
    }

    assertThat(file).content().isEqualTo("{\"id\":1,\"v\":\"new\"}\n");
    assertThat(notes).isEmpty();
  }

  @Test
  void aBrokenCompleteLineIsAnError() throws IOException {
    Path file = dir.resolve("out.jsonl");
    Files.writeString(file, "{\"id\":1}\nnot json\n{\"id\":2}\n");

    assertThatThrownBy(() -> open(file))
        .isInstanceOf(JsonlException.class)
        .hasMessageStartingWith("out.jsonl line 2: not valid JSON: ");
  }
}
