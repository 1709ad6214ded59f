package dev.samovar.models.synthetic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.samovar.models.gguf.GgmlType;
import dev.samovar.models.gguf.GgufFile;
import dev.samovar.models.gguf.HalfFloats;
import dev.samovar.models.gguf.TensorInfo;
import dev.samovar.models.gguf.TensorSpec;
import dev.samovar.models.inspect.ModelFacts;
import dev.samovar.models.inspect.ModelInspector;
import dev.samovar.models.inspect.ModelValidator;
import dev.samovar.models.tiny.TinyModel;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SyntheticModelTest {
  @TempDir Path dir;

  private static int vocab() {
    return TinyModel.metadata().strings("tokenizer.ggml.tokens").size();
  }

  @Test
  void the150mShapeHasAbout150MillionParameters() {
    int vocab = vocab();
    long layer = 2L * 768 * 768 + 2L * 768 * 256 + 3L * 768 * 2048 + 2 * 768;
    long expected = 24 * layer + 2L * 768 * vocab + 768;
    List<TensorSpec> tensors = SyntheticModel.tensors(SyntheticShape.M150, vocab);
    assertThat(SyntheticModel.parameters(tensors)).isEqualTo(expected);
    assertThat(expected).isEqualTo(151_960_320L);
    assertThat(tensors).hasSize(2 + 24 * 9 + 1);
  }

  @Test
  void writesAServableLlamaFileOfItsShape() throws Exception {
    Path file = dir.resolve("small.gguf");
    long parameters = SyntheticModel.write(file, SyntheticShape.SMALL);

    GgufFile gguf = GgufFile.read(file);
    assertThat(ModelValidator.problem(gguf)).isEmpty();
    assertThat(gguf.metadata().string("general.name")).isEqualTo("samovar synthetic small model");
    assertThat(gguf.metadata().u32("general.file_type")).isEqualTo(1);
    assertThat(gguf.metadata().u32("llama.embedding_length")).isEqualTo(128);
    assertThat(gguf.metadata().u32("llama.block_count")).isEqualTo(2);
    assertThat(gguf.metadata().u32("llama.feed_forward_length")).isEqualTo(256);
    assertThat(gguf.metadata().u32("llama.attention.head_count")).isEqualTo(4);
    assertThat(gguf.metadata().u32("llama.attention.head_count_kv")).isEqualTo(2);
    assertThat(gguf.metadata().u32("llama.rope.dimension_count")).isEqualTo(32);
    assertThat(gguf.metadata().string("tokenizer.chat_template"))
        .isEqualTo(TinyModel.metadata().string("tokenizer.chat_template"));
    assertThat(gguf.metadata().strings("tokenizer.ggml.tokens"))
        .isEqualTo(TinyModel.metadata().strings("tokenizer.ggml.tokens"));

    int vocab = vocab();
    assertThat(gguf.tensors().stream().map(t -> t.name() + t.type() + List.of(box(t.ne()))))
        .containsExactlyElementsOf(
            SyntheticModel.tensors(SyntheticShape.SMALL, vocab).stream()
                .map(t -> t.name() + t.type() + List.of(box(t.ne())))
                .toList());
    assertThat(gguf.tensor("blk.1.attn_k.weight").orElseThrow().ne()).containsExactly(128, 64);
    assertThat(gguf.tensor("blk.0.ffn_down.weight").orElseThrow().ne()).containsExactly(256, 128);
    assertThat(parameters)
        .isEqualTo(gguf.tensors().stream().mapToLong(TensorInfo::elementCount).sum())
        .isEqualTo(
            2 * (2L * 128 * 128 + 2 * 128 * 64 + 3 * 128 * 256 + 2 * 128) + 2L * 128 * vocab + 128);
    ModelFacts facts = ModelInspector.inspect(gguf);
    assertThat(facts.parameters()).isEqualTo(parameters);
  }

  @Test
  void weightsAreSeededScaledNormalsAndNormsAreOne() throws Exception {
    Path file = dir.resolve("small.gguf");
    SyntheticModel.write(file, SyntheticShape.SMALL);
    GgufFile gguf = GgufFile.read(file);

    float[] norm = f16OrF32(gguf, "blk.0.attn_norm.weight");
    assertThat(norm).hasSize(128).containsOnly(1f);
    float[] down = f16OrF32(gguf, "blk.0.ffn_down.weight");
    double sum = 0;
    double squares = 0;
    for (float v : down) {
      sum += v;
      squares += (double) v * v;
    }
    double mean = sum / down.length;
    double variance = squares / down.length - mean * mean;
    // 32768 draws of N(0, 1/256): the mean within 4 standard errors, the variance within 5%.
    assertThat(Math.abs(mean)).isLessThan(4 * Math.sqrt(1.0 / 256 / down.length));
    assertThat(variance).isBetween(0.95 / 256, 1.05 / 256);
  }

  @Test
  void theSameSeedGivesTheSameBytesAndAnotherSeedOthers() throws Exception {
    Path a = dir.resolve("a.gguf");
    Path b = dir.resolve("b.gguf");
    Path c = dir.resolve("c.gguf");
    SyntheticModel.write(a, SyntheticShape.SMALL);
    SyntheticModel.write(b, SyntheticShape.SMALL, SyntheticModel.DEFAULT_SEED);
    SyntheticModel.write(c, SyntheticShape.SMALL, 7);
    assertThat(Files.mismatch(a, b)).isEqualTo(-1);
    assertThat(Files.size(c)).isEqualTo(Files.size(a));
    assertThat(Files.mismatch(a, c)).isNotEqualTo(-1);
    try (var files = Files.list(dir)) {
      assertThat(files.map(p -> p.getFileName().toString()))
          .containsExactlyInAnyOrder("a.gguf", "b.gguf", "c.gguf");
    }
  }

  @Test
  void q8WeightsAreQuantizedAndNamedInTheFileType() throws Exception {
    Path file = dir.resolve("small-q8.gguf");
    SyntheticShape shape = SyntheticShape.SMALL.withType(GgmlType.Q8_0);
    SyntheticModel.write(file, shape);
    GgufFile gguf = GgufFile.read(file);
    assertThat(gguf.metadata().u32("general.file_type")).isEqualTo(7);
    assertThat(gguf.tensor("blk.0.attn_q.weight").orElseThrow().type()).isEqualTo(GgmlType.Q8_0);
    assertThat(gguf.tensor("blk.0.attn_q.weight").orElseThrow().byteSize())
        .isEqualTo(128 * 128 / 32 * 34);
    assertThat(gguf.tensor("output_norm.weight").orElseThrow().type()).isEqualTo(GgmlType.F32);
    assertThat(ModelValidator.problem(gguf)).isEmpty();
  }

  @Test
  void shapesAreNamedAndChecked() {
    assertThat(SyntheticShape.named("150M")).isEqualTo(SyntheticShape.M150);
    assertThat(SyntheticShape.named("small")).isEqualTo(SyntheticShape.SMALL);
    assertThatThrownBy(() -> SyntheticShape.named("7b"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("no synthetic shape '7b'; there are [150m, small]");
    assertThatThrownBy(() -> SyntheticShape.SMALL.withType(GgmlType.Q4_K))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("weights are F16 or Q8_0, not Q4_K");
    assertThatThrownBy(() -> new SyntheticShape("odd", 100, 1, 3, 1, 64, GgmlType.F16))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("the embedding must split into heads");
  }

  private static Long[] box(long[] ne) {
    Long[] boxed = new Long[ne.length];
    for (int i = 0; i < ne.length; i++) {
      boxed[i] = ne[i];
    }
    return boxed;
  }

  private static float[] f16OrF32(GgufFile gguf, String name) throws Exception {
    TensorInfo tensor = gguf.tensor(name).orElseThrow();
    ByteBuffer data = gguf.readTensor(tensor).order(ByteOrder.LITTLE_ENDIAN);
    float[] values = new float[(int) tensor.elementCount()];
    for (int i = 0; i < values.length; i++) {
      values[i] =
          tensor.type() == GgmlType.F32
              ? data.getFloat(i * 4)
              : HalfFloats.fromF16(data.getShort(i * 2));
    }
    return values;
  }
}
