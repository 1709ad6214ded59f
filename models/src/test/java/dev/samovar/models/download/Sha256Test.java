package dev.samovar.models.download;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Sha256Test {
  @TempDir Path dir;

  @Test
  void hashesAFile() throws IOException {
    Path file = Files.writeString(dir.resolve("abc.gguf"), "abc");

    assertThat(Sha256.of(file))
        .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  }

  @Test
  void recordsInTheFormatSha256sumReads() throws IOException {
    Path model = dir.resolve("m.gguf");
    String sha = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";

    assertThat(Sha256.recorded(model)).isEmpty();
    Sha256.record(model, sha);

    assertThat(Sha256.checksumFile(model)).hasContent(sha + "  m.gguf");
    assertThat(Sha256.recorded(model)).contains(sha);
    try (var files = Files.list(dir)) {
      assertThat(files).containsExactly(dir.resolve("m.gguf.sha256"));
    }
  }

  @Test
  void refusesAMalformedChecksumFile() throws IOException {
    Path model = dir.resolve("m.gguf");
    Files.writeString(Sha256.checksumFile(model), "not a hash  m.gguf\n");

    assertThatThrownBy(() -> Sha256.recorded(model))
        .isInstanceOf(IOException.class)
        .hasMessage(
            Sha256.checksumFile(model) + " is not a checksum file of one '<sha256>  <file>' line");
  }
}
