package dev.samovar.models.gguf;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A writer resumed on the file an interrupted writer left ends with the same bytes. */
class GgufResumeTest {
  private static final GgufMetadata METADATA =
      GgufMetadata.builder().string("general.name", "resume").build();
  private static final List<TensorSpec> SPECS =
      List.of(
          TensorSpec.of("a", GgmlType.F32, 10),
          TensorSpec.of("b", GgmlType.Q8_0, 64, 3),
          TensorSpec.of("c", GgmlType.F16, 7));

  @TempDir Path dir;

  private static float[] values(int n, int seed) {
    float[] v = new float[n];
    for (int i = 0; i < n; i++) {
      v[i] = (float) Math.sin(i * 0.37 + seed);
    }
    return v;
  }

  private static void write(GgufWriter writer) throws IOException {
    float[][] data = {values(10, 1), values(192, 2), values(7, 3)};
    for (int i = writer.tensorsWritten(); i < SPECS.size(); i++) {
      writer.writeTensor(SPECS.get(i).name(), data[i]);
    }
  }

  @Test
  void keepsTheCompleteTensorsAndWritesTheRest() throws IOException {
    Path full = dir.resolve("full.gguf");
    try (GgufWriter writer = GgufWriter.create(full, METADATA, SPECS)) {
      write(writer);
    }
    byte[] expected = Files.readAllBytes(full);
    long dataStart = GgufFile.read(full).dataOffset();
    long[][] cuts = {
      {dataStart + 20, 0},
      {dataStart + 64, 1},
      {dataStart + 64 + 100, 1},
      {dataStart + 64 + 224, 2},
      {expected.length - 3, 2},
      {expected.length, 3},
      {dataStart - 5, 0},
    };
    for (long[] cut : cuts) {
      Path part = dir.resolve("part-" + cut[0] + ".gguf");
      Files.write(part, Arrays.copyOf(expected, (int) cut[0]));
      try (GgufWriter writer = GgufWriter.resume(part, METADATA, SPECS)) {
        assertThat(writer.tensorsWritten()).as("cut at %d", cut[0]).isEqualTo((int) cut[1]);
        write(writer);
      }
      assertThat(Files.readAllBytes(part)).as("cut at %d", cut[0]).isEqualTo(expected);
    }
  }

  @Test
  void startsOverWhenTheHeaderDiffers() throws IOException {
    Path part = dir.resolve("other.gguf");
    try (GgufWriter writer = GgufWriter.create(part, METADATA, SPECS)) {
      write(writer);
    }
    try (FileChannel channel = FileChannel.open(part, StandardOpenOption.WRITE)) {
      channel.truncate(Files.size(part) - 10);
    }
    GgufMetadata other = GgufMetadata.builder().string("general.name", "resumf").build();
    try (GgufWriter writer = GgufWriter.resume(part, other, SPECS)) {
      assertThat(writer.tensorsWritten()).isZero();
      write(writer);
    }
    assertThat(GgufFile.read(part).metadata().string("general.name")).isEqualTo("resumf");
    Path missing = dir.resolve("missing.gguf");
    try (GgufWriter writer = GgufWriter.resume(missing, METADATA, SPECS)) {
      assertThat(writer.tensorsWritten()).isZero();
      write(writer);
    }
    assertThat(GgufFile.read(missing).tensors()).hasSize(3);
  }
}
