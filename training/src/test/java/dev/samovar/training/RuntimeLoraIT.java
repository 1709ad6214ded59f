package dev.samovar.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.samovar.engine.EngineConfig;
import dev.samovar.engine.GpuSettings;
import dev.samovar.engine.InferenceEngine;
import dev.samovar.engine.ModelLoadException;
import dev.samovar.engine.llama.LlamaEngine;
import dev.samovar.training.safetensors.Checkpoint;
import dev.samovar.training.safetensors.TensorEntry;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A GGUF adapter from {@code export-lora}, applied by llama.cpp at run time through the engine
 * ({@code EngineConfig.loras}), generates what the merged model generates, and what the float64
 * reference computes on the merged Hugging Face weights (which a permutation bug shared by merge
 * and export could not fake): for PEFT's plain scaling, and for rsLoRA with rank and alpha patterns
 * and an embedding update (B pre-scaled, alpha 0).
 */
class RuntimeLoraIT {
  private static final List<String> PROMPTS =
      List.of("the quick brown fox", "Привет, мир! Как дела?", "tea and a samovar on the table");

  @TempDir static Path dir;
  private static TinyCheckpoint base;

  @BeforeAll
  static void build() throws IOException {
    base = TinyCheckpoint.write(dir.resolve("base"));
    run(
        "train",
        "export-gguf",
        "--hf",
        dir.resolve("base").toString(),
        "--out",
        dir.resolve("base.gguf").toString(),
        "--type",
        "f32");
  }

  private static void run(String... args) {
    Cli cli = Cli.run(args);
    assertThat(cli.exitCode()).as(cli.err()).isZero();
  }

  /** Merges, exports the merge and the adapter; returns the merged weights. */
  private static Map<String, double[]> prepare(String name) throws IOException {
    Path adapter = dir.resolve(name);
    run(
        "train",
        "merge",
        "--base",
        dir.resolve("base").toString(),
        "--adapter",
        adapter.toString(),
        "--out",
        dir.resolve(name + "-merged").toString(),
        "--dtype",
        "f32");
    run(
        "train",
        "export-gguf",
        "--hf",
        dir.resolve(name + "-merged").toString(),
        "--out",
        dir.resolve(name + "-merged.gguf").toString(),
        "--type",
        "f32");
    run(
        "train",
        "export-lora",
        "--adapter",
        adapter.toString(),
        "--base-gguf",
        dir.resolve("base.gguf").toString(),
        "--out",
        dir.resolve(name + ".gguf").toString());
    Map<String, double[]> weights = new HashMap<>();
    try (Checkpoint merged = Checkpoint.openDirectory(dir.resolve(name + "-merged"))) {
      for (TensorEntry tensor : merged.tensors()) {
        double[] values = new double[(int) tensor.elementCount()];
        merged.read(tensor, 0, values, 0, values.length);
        weights.put(tensor.name(), values);
      }
    }
    return weights;
  }

  @Test
  void baseWithTheRuntimeAdapterGeneratesWhatTheMergedModelGenerates() throws Exception {
    TinyAdapter.write(dir.resolve("plain"), base);
    compare("plain", prepare("plain"));
  }

  @Test
  void rsLoraPatternsAndEmbeddingsSurviveTheFoldingIntoB() throws Exception {
    List<String> modules = new ArrayList<>(TinyAdapter.standardModules(base.shape));
    modules.add("model.embed_tokens");
    TinyAdapter.write(
        dir.resolve("folded"),
        base,
        modules,
        Map.of("model.layers.0.self_attn.q_proj", 4, "model.layers.1.self_attn.q_proj", 4),
        8,
        16,
        11,
        config -> {
          config.put("use_rslora", true);
          config.putObject("rank_pattern").put("q_proj", 4);
          config.putObject("alpha_pattern").put("down_proj", 3.0);
          config
              .putArray("target_modules")
              .add("q_proj")
              .add("k_proj")
              .add("v_proj")
              .add("o_proj")
              .add("gate_proj")
              .add("up_proj")
              .add("down_proj")
              .add("lm_head")
              .add("embed_tokens");
        });
    compare("folded", prepare("folded"));
  }

  private static void compare(String name, Map<String, double[]> merged) throws Exception {
    ReferenceLlama reference = new ReferenceLlama(base.shape, merged::get);
    EngineConfig withAdapter =
        new EngineConfig(
            dir.resolve("base.gguf"),
            name,
            0,
            1,
            0,
            512,
            List.of(new EngineConfig.Lora(dir.resolve(name + ".gguf"), 1f)),
            GpuSettings.cpu());
    EngineConfig off =
        new EngineConfig(
            dir.resolve("base.gguf"),
            name,
            0,
            1,
            0,
            512,
            List.of(new EngineConfig.Lora(dir.resolve(name + ".gguf"), 0f)),
            GpuSettings.cpu());
    try (InferenceEngine runtime = LlamaEngine.load(withAdapter);
        InferenceEngine mergedModel =
            LlamaEngine.load(EngineConfig.of(dir.resolve(name + "-merged.gguf"), name));
        InferenceEngine plainBase =
            LlamaEngine.load(EngineConfig.of(dir.resolve("base.gguf"), "b"));
        InferenceEngine scaledToZero = LlamaEngine.load(off)) {
      for (String text : PROMPTS) {
        int[] prompt = runtime.tokenize(text, true, false);
        List<Integer> want = reference.greedy(prompt, 12, 2e-3);
        List<Integer> got = Engines.greedy(runtime, text, 12).tokens();
        assertThat(got)
            .as("base + %s adapter: '%s'", name, text)
            .isEqualTo(want.subList(0, got.size()));
        assertThat(Engines.greedy(mergedModel, text, 12).tokens()).as("merged").isEqualTo(got);
        assertThat(Engines.greedy(scaledToZero, text, 12).tokens())
            .as("scale 0 is the base model")
            .isEqualTo(Engines.greedy(plainBase, text, 12).tokens())
            .isNotEqualTo(got);
      }
    }
  }

  @Test
  void anAdapterForAnotherModelFailsToLoad() throws IOException {
    TinyCheckpoint other =
        TinyCheckpoint.write(
            dir.resolve("other"), new TinyCheckpoint.Shape(512, 128, 256, 2, 2, 1, false), 5);
    TinyAdapter.write(dir.resolve("other-adapter"), other);
    run(
        "train",
        "export-gguf",
        "--hf",
        dir.resolve("other").toString(),
        "--out",
        dir.resolve("other.gguf").toString(),
        "--type",
        "f32");
    run(
        "train",
        "export-lora",
        "--adapter",
        dir.resolve("other-adapter").toString(),
        "--base-gguf",
        dir.resolve("other.gguf").toString(),
        "--out",
        dir.resolve("other-adapter.gguf").toString());
    EngineConfig mismatched =
        new EngineConfig(
            dir.resolve("base.gguf"),
            "m",
            0,
            1,
            0,
            512,
            List.of(new EngineConfig.Lora(dir.resolve("other-adapter.gguf"), 1f)),
            GpuSettings.cpu());
    assertThatThrownBy(() -> LlamaEngine.load(mismatched).close())
        .isInstanceOf(ModelLoadException.class)
        .hasMessageStartingWith(
            "llama.cpp cannot load the LoRA adapter " + dir.resolve("other-adapter.gguf"));
  }
}
