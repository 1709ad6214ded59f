package dev.samovar.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.samovar.engine.EngineConfig;
import dev.samovar.engine.Engines;
import dev.samovar.engine.InferenceEngine;
import dev.samovar.engine.ModelLoadException;
import dev.samovar.training.safetensors.Checkpoint;
import dev.samovar.training.safetensors.TensorEntry;
import dev.samovar.training.tiny.TinyLlama;
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
 * and export could not fake), with its log-probabilities within 1e-4 relative of the reference's at
 * every step (engines with an F32 KV cache): for PEFT's plain scaling, and for rsLoRA with rank and
 * alpha patterns and an embedding update (B pre-scaled, alpha 0).
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
    Path baseGguf = dir.resolve("base.gguf");
    Path adapter = dir.resolve(name + ".gguf");
    double[] worst = {0, 0};
    int steps = 0;
    try (InferenceEngine runtime =
            Engines.load(
                ReferenceEngines.f32Cache(baseGguf, name, new EngineConfig.Lora(adapter, 1f)));
        InferenceEngine mergedModel =
            Engines.load(ReferenceEngines.f32Cache(dir.resolve(name + "-merged.gguf"), name));
        InferenceEngine plainBase = Engines.load(ReferenceEngines.f32Cache(baseGguf, "b"));
        InferenceEngine scaledToZero =
            Engines.load(
                ReferenceEngines.f32Cache(baseGguf, name, new EngineConfig.Lora(adapter, 0f)))) {
      for (String text : PROMPTS) {
        int[] prompt = runtime.tokenize(text, true, false);
        List<ReferenceLlama.Step> want = reference.greedySteps(prompt, 12, 2e-3);
        ReferenceEngines.Generated generated = ReferenceEngines.greedy(runtime, text, 12);
        List<Integer> got = generated.tokens();
        assertThat(got)
            .as("base + %s adapter: '%s'", name, text)
            .isEqualTo(
                want.stream().map(ReferenceLlama.Step::token).toList().subList(0, got.size()));
        // The log-probabilities are the logits less logsumexp(logits), see assertLogprobs.
        assertThat(generated.logprobs()).as("one entry per token").hasSameSizeAs(got);
        double[] errors =
            ReferenceLlama.assertLogprobs(
                generated.logprobs(), want, 1e-4, "base + " + name + " adapter: '" + text + "'");
        worst[0] = Math.max(worst[0], errors[0]);
        worst[1] = Math.max(worst[1], errors[1]);
        steps += got.size();
        assertThat(ReferenceEngines.greedy(mergedModel, text, 12).tokens())
            .as("merged")
            .isEqualTo(got);
        assertThat(ReferenceEngines.greedy(scaledToZero, text, 12).tokens())
            .as("scale 0 is the base model")
            .isEqualTo(ReferenceEngines.greedy(plainBase, text, 12).tokens())
            .isNotEqualTo(got);
      }
    }
    System.out.printf(
        "base + %s adapter: %d steps, log-probabilities within %.3g absolute, %.3g relative%n",
        name, steps, worst[0], worst[1]);
  }

  @Test
  void anAdapterForAnotherModelFailsToLoad() throws IOException {
    TinyCheckpoint other =
        TinyCheckpoint.write(
            dir.resolve("other"), new TinyLlama.Shape(512, 128, 256, 2, 2, 1, false), 5);
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
        ReferenceEngines.f32Cache(
            dir.resolve("base.gguf"),
            "m",
            new EngineConfig.Lora(dir.resolve("other-adapter.gguf"), 1f));
    assertThatThrownBy(() -> Engines.load(mismatched).close())
        .isInstanceOf(ModelLoadException.class)
        .hasMessageStartingWith(
            "llama.cpp cannot load the LoRA adapter " + dir.resolve("other-adapter.gguf"));
  }
}
