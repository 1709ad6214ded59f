package dev.samovar.training;

import static org.assertj.core.api.Assertions.assertThat;

import dev.samovar.engine.Engines;
import dev.samovar.engine.FinishReason;
import dev.samovar.engine.InferenceEngine;
import dev.samovar.training.safetensors.Checkpoint;
import dev.samovar.training.safetensors.TensorEntry;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The F32 GGUF export, run by llama.cpp through the engine, against an independent float64 forward
 * pass on the Hugging Face tensors: the same greedy tokens on several prompts, and at every step
 * the same log-probabilities of the sampled token and the top 20 alternatives within {@value
 * #TOLERANCE} relative, for the base checkpoint and for the merge of a LoRA adapter on
 * q/k/v/o/gate/up/down and lm_head. A wrong Q/K permutation, rope_freqs or tensor mapping changes
 * the tokens at the first step. The engine contract has no logits, but its log-probabilities are
 * log p_i = z_i - logsumexp(z) over the raw logits, so comparing them compares the logits up to the
 * constant shift softmax removes (see {@link ReferenceLlama#assertLogprobs}). The engines keep
 * their KV cache in F32: llama.cpp's default F16 cache alone moves log-probabilities by about 1e-3
 * relative. Every reference step also checks that its best two logits are at least {@value #MARGIN}
 * apart, far beyond float32 error, so that equal tokens are a meaningful comparison.
 */
class ReferenceParityIT {
  private static final double MARGIN = 2e-3;
  private static final double TOLERANCE = 1e-4;
  private static final int MAX_TOKENS = 16;
  private static final List<String> PROMPTS =
      List.of(
          "the quick brown fox",
          "Привет, мир! Как дела?",
          "tea and a samovar on the table",
          "numbers 123 and more",
          "Сегодня мы пьём чай");

  @TempDir static Path dir;
  private static TinyCheckpoint base;

  @BeforeAll
  static void build() throws IOException {
    base = TinyCheckpoint.write(dir.resolve("base"));
    TinyAdapter.write(dir.resolve("adapter"), base);
    Cli merge =
        Cli.run(
            "train",
            "merge",
            "--base",
            dir.resolve("base").toString(),
            "--adapter",
            dir.resolve("adapter").toString(),
            "--out",
            dir.resolve("merged").toString());
    assertThat(merge.exitCode()).as(merge.err()).isZero();
    for (String model : List.of("base", "merged")) {
      Cli export =
          Cli.run(
              "train",
              "export-gguf",
              "--hf",
              dir.resolve(model).toString(),
              "--out",
              dir.resolve(model + ".gguf").toString(),
              "--type",
              "f32");
      assertThat(export.exitCode()).as(export.err()).isZero();
    }
  }

  @Test
  void baseExportGeneratesTheReferenceTokens() throws Exception {
    compare("base");
  }

  @Test
  void mergedExportGeneratesTheReferenceTokensOfTheMergedWeights() throws Exception {
    compare("merged");
  }

  private static void compare(String model) throws Exception {
    Map<String, double[]> weights = new HashMap<>();
    try (Checkpoint checkpoint = Checkpoint.openDirectory(dir.resolve(model))) {
      for (TensorEntry tensor : checkpoint.tensors()) {
        double[] values = new double[(int) tensor.elementCount()];
        checkpoint.read(tensor, 0, values, 0, values.length);
        weights.put(tensor.name(), values);
      }
    }
    if (model.equals("merged")) {
      assertThat(weights.get("lm_head.weight"))
          .as("the merge changed lm_head")
          .isNotEqualTo(base.weight("lm_head.weight"));
    }
    ReferenceLlama reference = new ReferenceLlama(base.shape, weights::get);
    int bos = base.tokenizer.id("<|begin_of_text|>");
    try (InferenceEngine engine =
        Engines.load(ReferenceEngines.f32Cache(dir.resolve(model + ".gguf"), model))) {
      int generated = 0;
      double[] worst = {0, 0};
      for (String text : PROMPTS) {
        int[] prompt = engine.tokenize(text, true, false);
        int[] expectedPrompt = new int[prompt.length];
        expectedPrompt[0] = bos;
        System.arraycopy(base.tokenizer.encode(text), 0, expectedPrompt, 1, prompt.length - 1);
        assertThat(prompt).as("tokens of '%s'", text).containsExactly(expectedPrompt);

        List<ReferenceLlama.Step> steps = reference.greedySteps(prompt, MAX_TOKENS, MARGIN);
        List<Integer> want = steps.stream().map(ReferenceLlama.Step::token).toList();
        ReferenceEngines.Generated got = ReferenceEngines.greedy(engine, text, MAX_TOKENS);
        assertThat(got.tokens())
            .as("%s: '%s'", model, text)
            .isEqualTo(want.subList(0, got.tokens().size()));
        assertThat(got.logprobs()).as("one entry per token").hasSameSizeAs(got.tokens());
        double[] errors =
            ReferenceLlama.assertLogprobs(
                got.logprobs(), steps, TOLERANCE, model + ": '" + text + "'");
        worst[0] = Math.max(worst[0], errors[0]);
        worst[1] = Math.max(worst[1], errors[1]);
        if (got.finish() == FinishReason.STOP) {
          assertThat(got.tokens().getLast())
              .as("stopped on a control token")
              .isGreaterThanOrEqualTo(496);
        } else {
          assertThat(got.tokens()).hasSize(MAX_TOKENS);
        }
        generated += got.tokens().size();
      }
      assertThat(generated).as("tokens compared").isGreaterThan(PROMPTS.size() * 8);
      System.out.printf(
          "%s: %d steps, log-probabilities within %.3g absolute, %.3g relative%n",
          model, generated, worst[0], worst[1]);
    }
  }
}
