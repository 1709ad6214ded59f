package dev.samovar.training;

import static org.assertj.core.api.Assertions.assertThat;

import dev.samovar.models.gguf.GgmlType;
import dev.samovar.models.gguf.GgufFile;
import dev.samovar.models.gguf.GgufMetadata;
import dev.samovar.models.gguf.GgufValueType;
import dev.samovar.models.gguf.TensorCodec;
import dev.samovar.models.gguf.TensorInfo;
import dev.samovar.models.tiny.TinyModel;
import dev.samovar.training.tiny.TinyLlama;
import dev.samovar.training.tiny.TinyTokenizer;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code train export-gguf} on the tiny checkpoint, read back with the GGUF reader. */
class ExportGgufTest {
  @TempDir Path dir;

  private GgufFile export(TinyCheckpoint checkpoint, String type) throws IOException {
    Path out = dir.resolve("tiny-" + type + ".gguf");
    Cli cli =
        Cli.run(
            "train",
            "export-gguf",
            "--hf",
            dir.resolve("hf").toString(),
            "--out",
            out.toString(),
            "--type",
            type,
            "--threads",
            "2");
    assertThat(cli.exitCode()).as(cli.err()).isZero();
    assertThat(cli.out()).contains("export-gguf: wrote tiny-" + type + ".gguf (" + type + ")");
    return GgufFile.read(out);
  }

  @Test
  void metadataHasLlamaAndTokenizerKeysWithExactTypes() throws IOException {
    TinyCheckpoint checkpoint = TinyCheckpoint.write(dir.resolve("hf"));
    GgufMetadata m = export(checkpoint, "f32").metadata();
    assertThat(m.string("general.architecture")).isEqualTo("llama");
    assertThat(m.string("general.type")).isEqualTo("model");
    assertThat(m.string("general.name")).isEqualTo("hf");
    assertThat(m.u32("general.file_type")).isZero();
    assertThat(m.u32("general.quantization_version")).isEqualTo(2);
    assertThat(m.u32("llama.vocab_size")).isEqualTo(512);
    assertThat(m.u32("llama.context_length")).isEqualTo(2048);
    assertThat(m.u32("llama.embedding_length")).isEqualTo(256);
    assertThat(m.u32("llama.block_count")).isEqualTo(2);
    assertThat(m.u32("llama.feed_forward_length")).isEqualTo(512);
    assertThat(m.u32("llama.attention.head_count")).isEqualTo(4);
    assertThat(m.u32("llama.attention.head_count_kv")).isEqualTo(2);
    assertThat(m.f32("llama.rope.freq_base")).isEqualTo(500000f);
    assertThat(m.f32("llama.attention.layer_norm_rms_epsilon")).isEqualTo(1e-5f);
    assertThat(m.u32("llama.rope.dimension_count")).isEqualTo(64);
    assertThat(m.keys()).noneMatch(key -> key.startsWith("llama.rope.scaling"));

    TinyTokenizer tokenizer = checkpoint.tokenizer;
    assertThat(m.string("tokenizer.ggml.model")).isEqualTo("gpt2");
    assertThat(m.string("tokenizer.ggml.pre")).isEqualTo("llama-bpe");
    List<String> tokens = m.strings("tokenizer.ggml.tokens");
    assertThat(tokens).hasSize(512).doesNotHaveDuplicates();
    assertThat(tokens.get(32)).isEqualTo("Ġ");
    assertThat(tokens.get(10)).isEqualTo("Ċ");
    assertThat(tokens.get(tokenizer.id("<|eot_id|>"))).isEqualTo("<|eot_id|>");
    int[] types = m.i32s("tokenizer.ggml.token_type");
    assertThat(types).hasSize(512);
    for (int i = 0; i < 512; i++) {
      assertThat(types[i]).as("token %d", i).isEqualTo(i < 496 ? 1 : 3);
    }
    List<String> merges = m.strings("tokenizer.ggml.merges");
    assertThat(merges).hasSize(512 - 256 - 16);
    for (String merge : merges) {
      assertThat(tokens).contains(merge.replace(" ", ""));
    }
    assertThat(m.u32("tokenizer.ggml.bos_token_id")).isEqualTo(496);
    assertThat(m.u32("tokenizer.ggml.eos_token_id")).isEqualTo(505);
    assertThat(m.u32("tokenizer.ggml.eot_token_id")).isEqualTo(505);
    assertThat(m.get("tokenizer.ggml.add_bos_token").type()).isEqualTo(GgufValueType.BOOL);
    assertThat(m.bool("tokenizer.ggml.add_bos_token")).as("from the post-processor").isTrue();
    assertThat(m.contains("tokenizer.ggml.add_eos_token")).isFalse();
    assertThat(m.string("tokenizer.chat_template")).isEqualTo(TinyModel.CHAT_TEMPLATE);
  }

  @Test
  void f32TensorsAreTheHfTensorsRenamedWithQAndKRowsPermuted() throws IOException {
    TinyCheckpoint checkpoint = TinyCheckpoint.write(dir.resolve("hf"));
    GgufFile gguf = export(checkpoint, "f32");
    List<String> names = gguf.tensors().stream().map(TensorInfo::name).toList();
    List<String> expected = new ArrayList<>(List.of("rope_freqs.weight", "token_embd.weight"));
    for (int i = 0; i < 2; i++) {
      for (String t :
          List.of(
              "attn_norm",
              "attn_q",
              "attn_k",
              "attn_v",
              "attn_output",
              "ffn_norm",
              "ffn_gate",
              "ffn_up",
              "ffn_down")) {
        expected.add("blk." + i + "." + t + ".weight");
      }
    }
    expected.addAll(List.of("output_norm.weight", "output.weight"));
    assertThat(names).containsExactlyElementsOf(expected);
    assertThat(gguf.tensor("blk.1.ffn_down.weight").orElseThrow().ne()).containsExactly(512, 256);
    assertThat(gguf.tensor("token_embd.weight").orElseThrow().ne()).containsExactly(256, 512);
    assertThat(gguf.tensor("blk.0.attn_norm.weight").orElseThrow().ne()).containsExactly(256);

    assertThat(floats(gguf, "token_embd.weight"))
        .containsExactly(checkpoint.weights.get("model.embed_tokens.weight"));
    assertThat(floats(gguf, "blk.1.attn_v.weight"))
        .containsExactly(checkpoint.weights.get("model.layers.1.self_attn.v_proj.weight"));
    assertThat(floats(gguf, "blk.1.attn_output.weight"))
        .containsExactly(checkpoint.weights.get("model.layers.1.self_attn.o_proj.weight"));
    assertThat(floats(gguf, "output.weight"))
        .containsExactly(checkpoint.weights.get("lm_head.weight"));
    checkPermuted(
        floats(gguf, "blk.0.attn_q.weight"),
        checkpoint.weights.get("model.layers.0.self_attn.q_proj.weight"),
        4);
    checkPermuted(
        floats(gguf, "blk.1.attn_k.weight"),
        checkpoint.weights.get("model.layers.1.self_attn.k_proj.weight"),
        2);
  }

  /** Head h's row 2j+t is the HF row h*64 + t*32 + j (rotate-half pairs become adjacent). */
  private static void checkPermuted(float[] exported, float[] hf, int heads) {
    int d = 64;
    int cols = 256;
    float[] expected = new float[heads * d * cols];
    for (int h = 0; h < heads; h++) {
      for (int j = 0; j < d / 2; j++) {
        for (int t = 0; t < 2; t++) {
          int to = h * d + 2 * j + t;
          int from = h * d + t * (d / 2) + j;
          System.arraycopy(hf, from * cols, expected, to * cols, cols);
        }
      }
    }
    assertThat(exported).containsExactly(expected);
  }

  @Test
  void ropeFreqsFollowLlama3Scaling() throws IOException {
    TinyCheckpoint.write(dir.resolve("hf"));
    float[] freqs =
        floats(export(TinyCheckpoint.write(dir.resolve("hf")), "bf16"), "rope_freqs.weight");
    assertThat(freqs).hasSize(32);
    for (int i = 0; i < 32; i++) {
      double wavelength = 2 * Math.PI * Math.pow(500000, 2.0 * i / 64);
      double expected;
      if (wavelength < 64 / 4.0) {
        expected = 1;
      } else if (wavelength > 64 / 1.0) {
        expected = 8;
      } else {
        double s = (64 / wavelength - 1) / (4 - 1);
        expected = 1 / ((1 - s) / 8 + s);
      }
      assertThat(freqs[i]).as("pair %d", i).isEqualTo((float) expected);
    }
    assertThat(freqs[0]).isEqualTo(1f);
    assertThat(freqs[31]).isEqualTo(8f);
  }

  @Test
  void everyTypeEncodesThePermutedRowsWithTheModelsCodecs() throws IOException {
    TinyCheckpoint checkpoint = TinyCheckpoint.write(dir.resolve("hf"));
    Map<String, GgmlType> types =
        Map.of(
            "f16",
            GgmlType.F16,
            "bf16",
            GgmlType.BF16,
            "q8_0",
            GgmlType.Q8_0,
            "q4_0",
            GgmlType.Q4_0);
    Map<String, Integer> fileTypes = Map.of("f16", 1, "bf16", 32, "q8_0", 7, "q4_0", 2);
    for (Map.Entry<String, GgmlType> type : types.entrySet()) {
      GgufFile gguf = export(checkpoint, type.getKey());
      assertThat(gguf.metadata().u32("general.file_type"))
          .isEqualTo(fileTypes.get(type.getKey()).longValue());
      for (TensorInfo tensor : gguf.tensors()) {
        GgmlType expected = tensor.ne().length == 1 ? GgmlType.F32 : type.getValue();
        assertThat(tensor.type()).as(tensor.name()).isEqualTo(expected);
      }
      checkEncoded(
          gguf, checkpoint, "blk.0.attn_q.weight", "model.layers.0.self_attn.q_proj.weight", 64);
      checkEncoded(
          gguf, checkpoint, "blk.1.ffn_down.weight", "model.layers.1.mlp.down_proj.weight", 0);
    }
  }

  @Test
  void q4KmMixesQ4KAndQ6KAsLlamaQuantize() throws IOException {
    TinyCheckpoint checkpoint = TinyCheckpoint.write(dir.resolve("hf"));
    GgufFile gguf = export(checkpoint, "q4_k_m");
    assertThat(gguf.metadata().u32("general.file_type")).isEqualTo(15);
    Map<String, GgmlType> expected =
        Map.ofEntries(
            Map.entry("token_embd.weight", GgmlType.Q4_K),
            Map.entry("output.weight", GgmlType.Q6_K),
            Map.entry("blk.0.attn_v.weight", GgmlType.Q4_K),
            Map.entry("blk.1.attn_v.weight", GgmlType.Q6_K),
            Map.entry("blk.0.ffn_down.weight", GgmlType.Q4_K),
            Map.entry("blk.1.ffn_down.weight", GgmlType.Q6_K),
            Map.entry("blk.1.attn_q.weight", GgmlType.Q4_K),
            Map.entry("blk.0.ffn_up.weight", GgmlType.Q4_K),
            Map.entry("blk.0.attn_norm.weight", GgmlType.F32),
            Map.entry("rope_freqs.weight", GgmlType.F32));
    expected.forEach(
        (name, type) ->
            assertThat(gguf.tensor(name).orElseThrow().type()).as(name).isEqualTo(type));
    checkEncoded(
        gguf, checkpoint, "blk.1.attn_k.weight", "model.layers.1.self_attn.k_proj.weight", 64);
    checkEncoded(gguf, checkpoint, "output.weight", "lm_head.weight", 0);
  }

  @Test
  void tiedEmbeddingsHaveNoOutputTensor() throws IOException {
    TinyLlama.Shape tied = new TinyLlama.Shape(512, 256, 512, 1, 4, 2, true);
    TinyCheckpoint.write(dir.resolve("hf"), tied, 9);
    GgufFile gguf = export(TinyCheckpoint.write(dir.resolve("hf"), tied, 9), "q8_0");
    assertThat(gguf.tensor("output.weight")).isEmpty();
    assertThat(gguf.tensors()).hasSize(2 + 9 + 1);
  }

  private static void checkEncoded(
      GgufFile gguf, TinyCheckpoint checkpoint, String name, String hfName, int headDim)
      throws IOException {
    TensorInfo tensor = gguf.tensor(name).orElseThrow();
    float[] hf = checkpoint.weights.get(hfName);
    int cols = (int) tensor.ne()[0];
    int rows = hf.length / cols;
    float[] permuted = new float[hf.length];
    for (int r = 0; r < rows; r++) {
      int from =
          headDim == 0 ? r : (r / headDim) * headDim + (r % 2) * (headDim / 2) + (r % headDim) / 2;
      System.arraycopy(hf, from * cols, permuted, r * cols, cols);
    }
    ByteBuffer expected =
        ByteBuffer.allocate((int) tensor.byteSize()).order(ByteOrder.LITTLE_ENDIAN);
    TensorCodec.of(tensor.type()).orElseThrow().encode(permuted, 0, permuted.length, expected);
    assertThat(gguf.readTensor(tensor)).as(name).isEqualTo(expected.flip());
  }

  private static float[] floats(GgufFile gguf, String name) throws IOException {
    TensorInfo tensor = gguf.tensor(name).orElseThrow();
    float[] values = new float[(int) tensor.elementCount()];
    TensorCodec.of(tensor.type())
        .orElseThrow()
        .decode(gguf.readTensor(tensor), values, 0, values.length);
    return values;
  }

  @Test
  void aKilledExportResumesFromTheCompleteTensorsOfItsPartFile() throws IOException {
    TinyCheckpoint checkpoint = TinyCheckpoint.write(dir.resolve("hf"));
    Path first = dir.resolve("tiny-q4_k_m.gguf");
    export(checkpoint, "q4_k_m");
    byte[] expected = Files.readAllBytes(first);
    GgufFile gguf = GgufFile.read(first);
    TensorInfo cut = gguf.tensor("blk.1.attn_q.weight").orElseThrow();
    Files.move(first, dir.resolve("first.gguf"));
    Path part = dir.resolve("tiny-q4_k_m.gguf.part");
    Files.write(
        part, Arrays.copyOf(expected, (int) (gguf.absoluteOffset(cut) + cut.byteSize() / 2)));

    Cli cli =
        Cli.run(
            "train",
            "export-gguf",
            "--hf",
            dir.resolve("hf").toString(),
            "--out",
            first.toString(),
            "--type",
            "q4_k_m");
    assertThat(cli.exitCode()).as(cli.err()).isZero();
    int before = gguf.tensors().indexOf(cut);
    assertThat(cli.out())
        .contains(
            "export-gguf: resuming tiny-q4_k_m.gguf.part: "
                + before
                + " of "
                + gguf.tensors().size()
                + " tensors are already written");
    assertThat(Files.readAllBytes(first)).isEqualTo(expected);
    assertThat(Files.exists(part)).isFalse();

    Files.write(part, Files.readAllBytes(dir.resolve("first.gguf")));
    Files.delete(first);
    Cli otherType =
        Cli.run(
            "train",
            "export-gguf",
            "--hf",
            dir.resolve("hf").toString(),
            "--out",
            first.toString(),
            "--type",
            "q8_0");
    assertThat(otherType.exitCode()).as(otherType.err()).isZero();
    assertThat(otherType.out()).doesNotContain("resuming");
    assertThat(GgufFile.read(first).metadata().u32("general.file_type")).isEqualTo(7);
  }

  @Test
  void theOutputAppearsOnlyWhenComplete() throws IOException {
    TinyCheckpoint.write(dir.resolve("hf"));
    export(TinyCheckpoint.write(dir.resolve("hf")), "q8_0");
    try (var files = Files.list(dir)) {
      assertThat(files.map(p -> p.getFileName().toString()).sorted())
          .containsExactly("hf", "tiny-q8_0.gguf");
    }
  }
}
