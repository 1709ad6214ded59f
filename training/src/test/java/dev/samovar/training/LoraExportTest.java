package dev.samovar.training;

import static org.assertj.core.api.Assertions.assertThat;

import dev.samovar.models.gguf.GgmlType;
import dev.samovar.models.gguf.GgufFile;
import dev.samovar.models.gguf.GgufMetadata;
import dev.samovar.models.gguf.TensorCodec;
import dev.samovar.models.gguf.TensorInfo;
import dev.samovar.training.tiny.TinyLlama;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code train export-lora}: tensor names, shapes and data of the GGUF adapter; alpha folding. */
class LoraExportTest {
  @TempDir Path dir;

  private TinyCheckpoint base(TinyLlama.Shape shape) throws IOException {
    TinyCheckpoint checkpoint = TinyCheckpoint.write(dir.resolve("base"), shape, 1);
    Cli cli =
        Cli.run(
            "train",
            "export-gguf",
            "--hf",
            dir.resolve("base").toString(),
            "--out",
            dir.resolve("base.gguf").toString(),
            "--type",
            "f32");
    assertThat(cli.exitCode()).as(cli.err()).isZero();
    return checkpoint;
  }

  private Cli exportLora() {
    return Cli.run(
        "train",
        "export-lora",
        "--adapter",
        dir.resolve("adapter").toString(),
        "--base-gguf",
        dir.resolve("base.gguf").toString(),
        "--out",
        dir.resolve("adapter.gguf").toString());
  }

  @Test
  void pairsAreNamedAfterTheBaseTensorsWithBPermutedForQAndK() throws IOException {
    TinyCheckpoint base = base(TinyLlama.SHAPE);
    TinyAdapter adapter = TinyAdapter.write(dir.resolve("adapter"), base);
    Cli cli = exportLora();
    assertThat(cli.exitCode()).as(cli.err()).isZero();
    assertThat(cli.out()).contains("export-lora: wrote adapter.gguf: 15 modules, alpha 16.0");
    GgufFile gguf = GgufFile.read(dir.resolve("adapter.gguf"));
    GgufMetadata m = gguf.metadata();
    assertThat(m.keys())
        .containsExactly(
            "general.architecture",
            "general.type",
            "general.name",
            "adapter.type",
            "adapter.lora.alpha");
    assertThat(m.string("general.type")).isEqualTo("adapter");
    assertThat(m.string("adapter.type")).isEqualTo("lora");
    assertThat(m.f32("adapter.lora.alpha")).isEqualTo(16f);
    assertThat(gguf.tensors()).hasSize(30).allMatch(t -> t.type() == GgmlType.F32);
    assertThat(gguf.tensors().getFirst().name()).isEqualTo("blk.0.attn_q.weight.lora_a");
    assertThat(gguf.tensor("blk.0.attn_q.weight.lora_a").orElseThrow().ne())
        .containsExactly(256, 8);
    assertThat(gguf.tensor("blk.0.attn_k.weight.lora_b").orElseThrow().ne())
        .containsExactly(8, 128);
    assertThat(gguf.tensor("blk.1.ffn_down.weight.lora_a").orElseThrow().ne())
        .containsExactly(512, 8);
    assertThat(gguf.tensor("output.weight.lora_b").orElseThrow().ne()).containsExactly(8, 512);

    float[][] q = adapter.factors.get("model.layers.0.self_attn.q_proj");
    assertThat(floats(gguf, "blk.0.attn_q.weight.lora_a")).containsExactly(q[0]);
    checkPermutedRows(floats(gguf, "blk.0.attn_q.weight.lora_b"), q[1], 8);
    float[][] k = adapter.factors.get("model.layers.1.self_attn.k_proj");
    checkPermutedRows(floats(gguf, "blk.1.attn_k.weight.lora_b"), k[1], 8);
    float[][] v = adapter.factors.get("model.layers.1.self_attn.v_proj");
    assertThat(floats(gguf, "blk.1.attn_v.weight.lora_b")).containsExactly(v[1]);
  }

  private static void checkPermutedRows(float[] exported, float[] b, int r) {
    float[] expected = new float[b.length];
    for (int row = 0; row < b.length / r; row++) {
      int from = (row / 64) * 64 + (row % 2) * 32 + (row % 64) / 2;
      System.arraycopy(b, from * r, expected, row * r, r);
    }
    assertThat(exported).containsExactly(expected);
  }

  @Test
  void rsLoraWithOneRankFoldsSqrtRIntoAlpha() throws IOException {
    TinyCheckpoint base = base(TinyLlama.SHAPE);
    TinyAdapter.write(
        dir.resolve("adapter"),
        base,
        List.of("model.layers.0.mlp.up_proj"),
        Map.of(),
        16,
        8,
        3,
        c -> c.put("use_rslora", true));
    assertThat(exportLora().exitCode()).isZero();
    assertThat(GgufFile.read(dir.resolve("adapter.gguf")).metadata().f32("adapter.lora.alpha"))
        .as("alpha*sqrt(r), so that alpha'/r = alpha/sqrt(r)")
        .isEqualTo(32f);
  }

  @Test
  void perModuleAlphasArePremultipliedIntoBWithAlphaZero() throws IOException {
    TinyCheckpoint base = base(TinyLlama.SHAPE);
    TinyAdapter adapter =
        TinyAdapter.write(
            dir.resolve("adapter"),
            base,
            List.of("model.layers.0.mlp.up_proj", "model.layers.0.self_attn.v_proj"),
            Map.of(),
            8,
            16,
            3,
            c -> c.putObject("alpha_pattern").put("v_proj", 4));
    Cli cli = exportLora();
    assertThat(cli.exitCode()).as(cli.err()).isZero();
    assertThat(cli.out()).contains("alpha 0.0 (scales folded into B)");
    GgufFile gguf = GgufFile.read(dir.resolve("adapter.gguf"));
    assertThat(gguf.metadata().f32("adapter.lora.alpha")).isZero();
    float[] upB = adapter.factors.get("model.layers.0.mlp.up_proj")[1];
    float[] vB = adapter.factors.get("model.layers.0.self_attn.v_proj")[1];
    assertThat(floats(gguf, "blk.0.ffn_up.weight.lora_b")).containsExactly(scaled(upB, 2.0));
    assertThat(floats(gguf, "blk.0.attn_v.weight.lora_b")).containsExactly(scaled(vB, 0.5));
  }

  private static float[] scaled(float[] values, double scale) {
    float[] out = new float[values.length];
    for (int i = 0; i < values.length; i++) {
      out[i] = (float) (values[i] * scale);
    }
    return out;
  }

  @Test
  void embeddingAIsTransposed() throws IOException {
    TinyCheckpoint base = base(TinyLlama.SHAPE);
    TinyAdapter adapter =
        TinyAdapter.write(
            dir.resolve("adapter"),
            base,
            List.of("model.embed_tokens"),
            Map.of(),
            4,
            8,
            3,
            c -> {});
    assertThat(exportLora().exitCode()).isZero();
    GgufFile gguf = GgufFile.read(dir.resolve("adapter.gguf"));
    TensorInfo a = gguf.tensor("token_embd.weight.lora_a").orElseThrow();
    assertThat(a.ne()).containsExactly(4, 512);
    assertThat(gguf.tensor("token_embd.weight.lora_b").orElseThrow().ne()).containsExactly(4, 256);
    float[] peftA = adapter.factors.get("model.embed_tokens")[0];
    float[] transposed = new float[peftA.length];
    for (int k = 0; k < 4; k++) {
      for (int t = 0; t < 512; t++) {
        transposed[t * 4 + k] = peftA[k * 512 + t];
      }
    }
    assertThat(floats(gguf, "token_embd.weight.lora_a")).containsExactly(transposed);
    assertThat(floats(gguf, "token_embd.weight.lora_b"))
        .containsExactly(adapter.factors.get("model.embed_tokens")[1]);
  }

  @Test
  void whatARuntimeAdapterCannotCarryIsRefused() throws IOException {
    TinyLlama.Shape tied = new TinyLlama.Shape(512, 256, 512, 1, 4, 2, true);
    TinyCheckpoint base = base(tied);
    base.shapes.put("lm_head.weight", base.shapes.get("model.embed_tokens.weight"));
    TinyAdapter.write(dir.resolve("adapter"), base, List.of("lm_head"), Map.of(), 4, 8, 3, c -> {});
    Cli cli = exportLora();
    assertThat(cli.exitCode()).isEqualTo(1);
    assertThat(cli.errLines())
        .containsExactly(
            "samovar train export-lora: "
                + dir.resolve("base.gguf")
                + " has no output.weight for adapter module lm_head (its embeddings are tied;"
                + " merge the adapter instead)");
    assertThat(Files.exists(dir.resolve("adapter.gguf"))).isFalse();
    assertThat(Files.exists(dir.resolve("adapter.gguf.part"))).isFalse();
  }

  private static float[] floats(GgufFile gguf, String name) throws IOException {
    TensorInfo tensor = gguf.tensor(name).orElseThrow();
    float[] values = new float[(int) tensor.elementCount()];
    TensorCodec.of(tensor.type())
        .orElseThrow()
        .decode(gguf.readTensor(tensor), values, 0, values.length);
    return values;
  }
}
