package dev.samovar.training;

import static org.assertj.core.api.Assertions.assertThat;

import dev.samovar.engine.ChatMessage;
import dev.samovar.engine.EngineConfig;
import dev.samovar.engine.Engines;
import dev.samovar.engine.InferenceEngine;
import dev.samovar.models.gguf.GgufFile;
import dev.samovar.models.gguf.GgufMetadata;
import dev.samovar.models.testdata.TestData;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tokenizer fidelity on the real Llama-3 vocabulary: a tokenizer.json and tokenizer_config.json in
 * Meta's form, rebuilt from llama3-vocab.gguf, exported with a small model; the export holds the
 * same tokens, types and merges, and llama.cpp reproduces the ids of llama3-vocab.inp/.out.
 */
class Llama3TokenizerIT {
  private static final String SEPARATOR = "\n__ggml_vocab_test__\n";

  @TempDir Path dir;

  @Test
  void exportReproducesTheLlama3TokenizerTestVectors() throws Exception {
    GgufMetadata original = Llama3Checkpoint.vocabulary().metadata();
    Llama3Checkpoint.write(dir.resolve("hf"), 64, original);
    Path gguf = dir.resolve("llama3-vocab-test.gguf");
    Cli cli =
        Cli.run(
            "train",
            "export-gguf",
            "--hf",
            dir.resolve("hf").toString(),
            "--out",
            gguf.toString(),
            "--type",
            "bf16");
    assertThat(cli.exitCode()).as(cli.err()).isZero();

    GgufMetadata exported = GgufFile.read(gguf).metadata();
    assertThat(exported.strings("tokenizer.ggml.tokens"))
        .isEqualTo(original.strings("tokenizer.ggml.tokens"));
    assertThat(exported.i32s("tokenizer.ggml.token_type"))
        .isEqualTo(original.i32s("tokenizer.ggml.token_type"));
    assertThat(exported.strings("tokenizer.ggml.merges"))
        .isEqualTo(original.strings("tokenizer.ggml.merges"));
    assertThat(exported.u32("tokenizer.ggml.bos_token_id")).isEqualTo(128000);
    assertThat(exported.u32("tokenizer.ggml.eos_token_id")).isEqualTo(128009);
    assertThat(exported.u32("tokenizer.ggml.eot_token_id")).isEqualTo(128009);
    assertThat(exported.bool("tokenizer.ggml.add_bos_token")).isTrue();

    String inputs =
        Files.readString(TestData.file("tokenizers/llama3-vocab.inp"), StandardCharsets.UTF_8);
    List<String> expected =
        Files.readAllLines(TestData.file("tokenizers/llama3-vocab.out"), StandardCharsets.UTF_8);
    List<String> texts = new ArrayList<>(Arrays.asList(inputs.split(SEPARATOR, -1)));
    assertThat(texts.removeLast()).isEmpty();
    assertThat(texts).hasSize(expected.size()).hasSize(46);
    try (InferenceEngine engine = Engines.load(EngineConfig.of(gguf, "llama3-vocab"))) {
      for (int i = 0; i < texts.size(); i++) {
        int[] ids =
            Arrays.stream(expected.get(i).strip().split(" "))
                .filter(s -> !s.isEmpty())
                .mapToInt(Integer::parseInt)
                .toArray();
        assertThat(engine.tokenize(texts.get(i), false, false))
            .as("vector %d: \"%s\"", i + 1, texts.get(i))
            .containsExactly(ids);
      }
      assertThat(engine.tokenize("Hello world", true, false)).containsExactly(128000, 9906, 1917);
      assertThat(engine.tokenize("<|eot_id|>", false, true)).containsExactly(128009);
      String rendered = engine.renderChat(List.of(new ChatMessage("user", "Привет"))).text();
      assertThat(rendered)
          .isEqualTo(
              "<|begin_of_text|><|start_header_id|>user<|end_header_id|>\n\nПривет<|eot_id|>"
                  + "<|start_header_id|>assistant<|end_header_id|>\n\n");
    }
  }
}
