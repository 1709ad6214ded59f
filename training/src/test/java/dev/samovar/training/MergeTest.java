package dev.samovar.training;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.samovar.models.gguf.HalfFloats;
import dev.samovar.training.safetensors.Checkpoint;
import dev.samovar.training.safetensors.Dtype;
import dev.samovar.training.safetensors.TensorEntry;
import dev.samovar.training.tiny.TinyLlama;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code train merge} against a direct dense computation: every merged weight is W + s·B·A computed
 * in double and rounded once to the output dtype; untouched weights are bit-identical.
 */
class MergeTest {
  @TempDir Path dir;

  @Test
  void mergedWeightsEqualTheDenseComputationRoundedOnceToBf16() throws IOException {
    TinyCheckpoint base = TinyCheckpoint.write(dir.resolve("base"));
    TinyAdapter adapter = TinyAdapter.write(dir.resolve("adapter"), base);
    Cli cli = merge("--max-shard-size", "600kB");
    assertThat(cli.exitCode()).as(cli.err()).isZero();
    assertThat(cli.out()).contains("merge: 15 weights changed");

    Path out = dir.resolve("merged");
    assertThat(Files.exists(dir.resolve("merged.part"))).isFalse();
    assertThat(Files.list(out).map(p -> p.getFileName().toString()).toList())
        .contains("config.json", "tokenizer.json", "tokenizer_config.json", Checkpoint.INDEX_FILE);
    List<String> shards = shards(out);
    assertThat(shards).hasSizeGreaterThan(2);
    JsonNode index = new ObjectMapper().readTree(out.resolve(Checkpoint.INDEX_FILE).toFile());
    assertThat(index.get("weight_map").valueStream().map(JsonNode::asText).distinct().sorted())
        .containsExactlyElementsOf(shards);
    long total = 0;
    try (Checkpoint merged = Checkpoint.openDirectory(out)) {
      assertThat(merged.names()).hasSize(base.weights.size());
      for (String shard : shards) {
        List<TensorEntry> inShard =
            merged.tensors().stream()
                .filter(t -> t.file().getFileName().toString().equals(shard))
                .toList();
        long bytes = inShard.stream().mapToLong(TensorEntry::byteSize).sum();
        assertThat(bytes <= 600_000 || inShard.size() == 1).as(shard).isTrue();
        total += bytes;
      }
    }
    assertThat(index.get("metadata").get("total_size").asLong()).isEqualTo(total);
    assertThat(Files.readString(out.resolve("tokenizer.json")))
        .isEqualTo(Files.readString(dir.resolve("base/tokenizer.json")));
    checkMerged(base, adapter, out, Dtype.BF16, Map.of());
  }

  @Test
  void rsLoraRankPatternAndAlphaPatternGiveEachModuleItsOwnScale() throws IOException {
    TinyCheckpoint base = TinyCheckpoint.write(dir.resolve("base"));
    Map<String, Integer> ranks =
        Map.of("model.layers.0.self_attn.q_proj", 4, "model.layers.1.self_attn.q_proj", 4);
    TinyAdapter adapter =
        TinyAdapter.write(
            dir.resolve("adapter"),
            base,
            TinyAdapter.standardModules(base.shape),
            ranks,
            8,
            16,
            3,
            config -> {
              config.put("use_rslora", true);
              config.putObject("rank_pattern").put("q_proj", 4);
              config
                  .putObject("alpha_pattern")
                  .put("model.layers.1.mlp.down_proj", 3.0)
                  .put("v_proj", 5);
            });
    Cli cli = merge("--dtype", "f32");
    assertThat(cli.exitCode()).as(cli.err()).isZero();
    Map<String, Double> scales =
        Map.of(
            "model.layers.0.self_attn.q_proj", 16 / Math.sqrt(4),
            "model.layers.1.self_attn.q_proj", 16 / Math.sqrt(4),
            "model.layers.1.mlp.down_proj", 3 / Math.sqrt(8),
            "model.layers.0.self_attn.v_proj", 5 / Math.sqrt(8),
            "model.layers.1.self_attn.v_proj", 5 / Math.sqrt(8));
    checkMerged(base, adapter, dir.resolve("merged"), Dtype.F32, scales);
    JsonNode config = new ObjectMapper().readTree(dir.resolve("merged/config.json").toFile());
    assertThat(config.get("torch_dtype").asText()).isEqualTo("float32");
  }

  @Test
  void embeddingLoraAndAnLmHeadUpdateOnTiedEmbeddingsUntieThem() throws IOException {
    TinyLlama.Shape tied = new TinyLlama.Shape(512, 256, 512, 1, 4, 2, true);
    TinyCheckpoint base = TinyCheckpoint.write(dir.resolve("base"), tied, 4);
    base.shapes.put("lm_head.weight", base.shapes.get("model.embed_tokens.weight"));
    TinyAdapter adapter =
        TinyAdapter.write(
            dir.resolve("adapter"),
            base,
            List.of("model.embed_tokens", "lm_head", "model.layers.0.mlp.up_proj"),
            Map.of(),
            4,
            8,
            5,
            c -> {});
    base.weights.put("lm_head.weight", base.weights.get("model.embed_tokens.weight"));
    Cli cli = merge();
    assertThat(cli.exitCode()).as(cli.err()).isZero();
    Path out = dir.resolve("merged");
    checkMerged(base, adapter, out, Dtype.BF16, Map.of());
    JsonNode config = new ObjectMapper().readTree(out.resolve("config.json").toFile());
    assertThat(config.get("tie_word_embeddings").asBoolean()).isFalse();
    try (Checkpoint merged = Checkpoint.openDirectory(out)) {
      assertThat(merged.names()).endsWith("lm_head.weight");
    }
  }

  @Test
  void modulesToSaveReplaceTheWholeWeight() throws IOException {
    TinyCheckpoint base = TinyCheckpoint.write(dir.resolve("base"));
    Path adapterDir = dir.resolve("adapter");
    TinyAdapter adapter =
        TinyAdapter.write(
            adapterDir,
            base,
            List.of("model.layers.0.self_attn.q_proj"),
            Map.of(),
            8,
            16,
            6,
            c -> c.putArray("modules_to_save").add("lm_head"));
    float[] replacement = new float[512 * 256];
    for (int i = 0; i < replacement.length; i++) {
      replacement[i] = (i % 97) / 64f;
    }
    adapter.addReplacement(adapterDir, "lm_head.weight", replacement, new long[] {512, 256});
    Cli cli = merge();
    assertThat(cli.exitCode()).as(cli.err()).isZero();
    try (Checkpoint merged = Checkpoint.openDirectory(dir.resolve("merged"))) {
      TensorEntry head = merged.find("lm_head.weight").orElseThrow();
      assertThat(head.dtype()).isEqualTo(Dtype.BF16);
      float[] expected = new float[replacement.length];
      for (int i = 0; i < expected.length; i++) {
        expected[i] = HalfFloats.fromBf16(HalfFloats.toBf16(replacement[i]));
      }
      assertThat(merged.readAll(head)).containsExactly(expected);
    }
    base.weights.remove("lm_head.weight");
    checkMerged(base, adapter, dir.resolve("merged"), Dtype.BF16, Map.of());
  }

  @Test
  void aKilledMergeResumesFromItsCompleteShards() throws IOException {
    TinyCheckpoint base = TinyCheckpoint.write(dir.resolve("base"));
    TinyAdapter adapter = TinyAdapter.write(dir.resolve("adapter"), base);
    assertThat(merge("--max-shard-size", "600kB").exitCode()).isZero();
    Path out = dir.resolve("merged");
    List<String> shards = shards(out);
    Path part = dir.resolve("merged.part");
    Files.createDirectories(part);
    Files.copy(out.resolve(shards.get(0)), part.resolve(shards.get(0)));
    Files.write(part.resolve(shards.get(1) + ".tmp"), new byte[100]);
    Files.write(part.resolve(shards.get(2)), new byte[100]);
    Path first = dir.resolve("first");
    Files.move(out, first);

    Cli cli = merge("--max-shard-size", "600kB");
    assertThat(cli.exitCode()).as(cli.err()).isZero();
    assertThat(cli.out())
        .contains("merge: keeping " + shards.get(0) + " from the interrupted run")
        .doesNotContain("keeping " + shards.get(2));
    assertThat(Files.exists(part)).isFalse();
    assertThat(shards(out)).isEqualTo(shards);
    for (String shard : shards) {
      assertThat(Files.readAllBytes(out.resolve(shard)))
          .isEqualTo(Files.readAllBytes(first.resolve(shard)));
    }
    checkMerged(base, adapter, out, Dtype.BF16, Map.of());
  }

  private static List<String> shards(Path out) throws IOException {
    try (var files = Files.list(out)) {
      return files
          .map(p -> p.getFileName().toString())
          .filter(name -> name.matches("model-\\d{5}-of-\\d{5}\\.safetensors"))
          .sorted()
          .toList();
    }
  }

  private Cli merge(String... extra) {
    String[] args = {
      "train",
      "merge",
      "--base",
      dir.resolve("base").toString(),
      "--adapter",
      dir.resolve("adapter").toString(),
      "--out",
      dir.resolve("merged").toString(),
      "--threads",
      "2"
    };
    String[] all = new String[args.length + extra.length];
    System.arraycopy(args, 0, all, 0, args.length);
    System.arraycopy(extra, 0, all, args.length, extra.length);
    return Cli.run(all);
  }

  /**
   * Every base weight of the merged model is W + s·B·A (PEFT's scale unless {@code scales} says
   * otherwise), computed densely in double and rounded once to {@code dtype}.
   */
  static void checkMerged(
      TinyCheckpoint base, TinyAdapter adapter, Path out, Dtype dtype, Map<String, Double> scales)
      throws IOException {
    double alpha = adapter.config.get("lora_alpha").asDouble();
    boolean rsLora = adapter.config.get("use_rslora").asBoolean();
    try (Checkpoint merged = Checkpoint.openDirectory(out)) {
      for (Map.Entry<String, float[]> weight : base.weights.entrySet()) {
        String name = weight.getKey();
        String module = name.substring(0, name.length() - ".weight".length());
        TensorEntry entry = merged.find(name).orElseThrow();
        assertThat(entry.dtype()).as(name).isEqualTo(dtype);
        double[] actual = new double[(int) entry.elementCount()];
        merged.read(entry, 0, actual, 0, actual.length);
        double[] expected = new double[actual.length];
        float[] w = weight.getValue();
        for (int i = 0; i < w.length; i++) {
          expected[i] = w[i];
        }
        float[][] factors = adapter.factors.get(module);
        if (factors != null) {
          long[][] shapes = adapter.shapes.get(module);
          int r = (int) shapes[0][0];
          double scale = scales.getOrDefault(module, rsLora ? alpha / Math.sqrt(r) : alpha / r);
          addDense(expected, factors[0], factors[1], r, module.endsWith("embed_tokens"), scale);
        }
        for (int i = 0; i < actual.length; i++) {
          double want = nearest(expected[i], dtype);
          if (actual[i] != want) {
            throw new AssertionError(
                name
                    + "["
                    + i
                    + "] is "
                    + actual[i]
                    + ", expected "
                    + want
                    + " from "
                    + expected[i]);
          }
        }
      }
    }
  }

  /** W += s·B·A for [out, in] weights, or, for embeddings, W[t, j] += s·sum_k A[k,t]·B[j,k]. */
  private static void addDense(
      double[] w, float[] a, float[] b, int r, boolean embedding, double scale) {
    if (!embedding) {
      int in = a.length / r;
      int out = b.length / r;
      for (int o = 0; o < out; o++) {
        for (int i = 0; i < in; i++) {
          double sum = 0;
          for (int k = 0; k < r; k++) {
            sum += (double) b[o * r + k] * a[k * in + i];
          }
          w[o * in + i] += scale * sum;
        }
      }
    } else {
      int vocab = a.length / r;
      int hidden = b.length / r;
      for (int t = 0; t < vocab; t++) {
        for (int j = 0; j < hidden; j++) {
          double sum = 0;
          for (int k = 0; k < r; k++) {
            sum += (double) a[k * vocab + t] * b[j * r + k];
          }
          w[t * hidden + j] += scale * sum;
        }
      }
    }
  }

  /**
   * The value of {@code dtype} nearest to {@code x}, ties to even, found by searching neighbours.
   */
  static double nearest(double x, Dtype dtype) {
    if (dtype == Dtype.F32) {
      return (float) x;
    }
    int guess = dtype == Dtype.BF16 ? HalfFloats.toBf16((float) x) : HalfFloats.toF16((float) x);
    double best = Double.NaN;
    for (int delta = -1; delta <= 1; delta++) {
      short bits = (short) (guess + delta);
      double value = dtype == Dtype.BF16 ? HalfFloats.fromBf16(bits) : HalfFloats.fromF16(bits);
      if (Double.isNaN(best)
          || Math.abs(value - x) < Math.abs(best - x)
          || (Math.abs(value - x) == Math.abs(best - x) && (bits & 1) == 0)) {
        best = value;
      }
    }
    return best;
  }
}
