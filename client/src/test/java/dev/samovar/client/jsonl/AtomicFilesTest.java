package dev.samovar.client.jsonl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {
  @TempDir Path dir;

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private long files(Path folder) throws IOException {
    try (Stream<Path> list = Files.list(folder)) {
      return list.count();
    }
  }

  @Test
  void replaceWritesTheNewContentWholeAndLeavesNoTemporaryFile() throws IOException {
    Path report = dir.resolve("report.md");
    Files.writeString(report, "old, longer than the new content");

    AtomicFiles.replace(report, utf8("new"));

    assertThat(report).hasContent("new");
    assertThat(files(dir)).isOne();
  }

  @Test
  void aFailedReplaceLeavesTheOldFileAndNoTemporaryFile() throws IOException {
    Path folderInTheWay = Files.createDirectories(dir.resolve("out.json"));
    Files.writeString(folderInTheWay.resolve("inside"), "x");

    assertThatThrownBy(() -> AtomicFiles.replace(folderInTheWay, utf8("{}")))
        .isInstanceOf(IOException.class);
    assertThat(folderInTheWay.resolve("inside")).hasContent("x");
    assertThat(files(dir)).isOne();
  }

  @Test
  void publishMovesACompleteFolderTreeIntoPlace() throws IOException {
    Path part = Files.createDirectories(dir.resolve("merged.part/nested"));
    Files.writeString(part.resolve("shard-1.safetensors"), "weights");
    Files.writeString(part.getParent().resolve("config.json"), "{}");
    Path target = dir.resolve("merged");

    AtomicFiles.publish(part.getParent(), target);

    assertThat(target.resolve("nested/shard-1.safetensors")).hasContent("weights");
    assertThat(target.resolve("config.json")).hasContent("{}");
    assertThat(dir.resolve("merged.part")).doesNotExist();
  }

  @Test
  void publishReplacesAFileWhole() throws IOException {
    Path part = Files.writeString(dir.resolve("model.gguf.part"), "new");
    Path target = Files.writeString(dir.resolve("model.gguf"), "old, longer");

    AtomicFiles.publish(part, target, StandardCopyOption.REPLACE_EXISTING);

    assertThat(target).hasContent("new");
    assertThat(part).doesNotExist();
  }
}
