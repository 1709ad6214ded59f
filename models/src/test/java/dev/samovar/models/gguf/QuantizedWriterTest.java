package dev.samovar.models.gguf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The writer encodes every type samovar has a codec for; the reader gets the same bytes back. */
class QuantizedWriterTest {
  @TempDir Path dir;

  @Test
  void everyCodecTypeIsWrittenRowByRowAndReadBack() throws IOException {
    Random random = new Random(3);
    float[] values = new float[512 * 3];
    for (int i = 0; i < values.length; i++) {
      values[i] = (float) random.nextGaussian();
    }
    GgmlType[] types = {
      GgmlType.F32,
      GgmlType.F16,
      GgmlType.BF16,
      GgmlType.Q8_0,
      GgmlType.Q4_0,
      GgmlType.Q4_K,
      GgmlType.Q6_K
    };
    List<TensorSpec> specs =
        Arrays.stream(types).map(t -> TensorSpec.of(t.name(), t, 512, 3)).toList();
    Path file = dir.resolve("types.gguf");
    try (GgufWriter writer = GgufWriter.create(file, GgufMetadata.builder().build(), specs)) {
      for (GgmlType type : types) {
        writer.beginTensor(type.name());
        for (int row = 0; row < 3; row++) {
          writer.putFloats(values, row * 512, 512);
        }
        writer.endTensor();
      }
    }
    GgufFile gguf = GgufFile.read(file);
    for (GgmlType type : types) {
      TensorInfo info = gguf.tensor(type.name()).orElseThrow();
      assertThat(info.type()).isEqualTo(type);
      ByteBuffer expected =
          ByteBuffer.allocate((int) info.byteSize()).order(ByteOrder.LITTLE_ENDIAN);
      TensorCodec.of(type).orElseThrow().encode(values, 0, values.length, expected);
      assertThat(gguf.readTensor(info)).as("%s", type).isEqualTo(expected.flip());
    }
  }

  @Test
  void partialBlocksAreRefused() throws IOException {
    Path file = dir.resolve("partial.gguf");
    GgufWriter writer =
        GgufWriter.create(
            file,
            GgufMetadata.builder().build(),
            List.of(TensorSpec.of("q", GgmlType.Q4_K, 256, 2)));
    writer.beginTensor("q");
    assertThatThrownBy(() -> writer.putFloats(new float[300], 0, 300))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("300 values are not a whole number of Q4_K blocks of 256 for tensor 'q'");
  }
}
