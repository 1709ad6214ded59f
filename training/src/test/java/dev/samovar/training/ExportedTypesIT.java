package dev.samovar.training;

import static org.assertj.core.api.Assertions.assertThat;

import dev.samovar.engine.EngineConfig;
import dev.samovar.engine.Engines;
import dev.samovar.engine.FinishReason;
import dev.samovar.engine.InferenceEngine;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every export type loads in llama.cpp and generates; {@code train smoke} reports on it. */
class ExportedTypesIT {
  @TempDir static Path dir;

  @BeforeAll
  static void checkpoint() throws IOException {
    TinyCheckpoint.write(dir.resolve("hf"));
  }

  private static Path export(String type) {
    Path out = dir.resolve("tiny-" + type + ".gguf");
    if (!Files.exists(out)) {
      Cli cli =
          Cli.run(
              "train",
              "export-gguf",
              "--hf",
              dir.resolve("hf").toString(),
              "--out",
              out.toString(),
              "--type",
              type);
      assertThat(cli.exitCode()).as(cli.err()).isZero();
    }
    return out;
  }

  @ParameterizedTest
  @ValueSource(strings = {"f32", "f16", "bf16", "q8_0", "q4_0", "q4_k_m"})
  void loadsAndGenerates(String type) throws Exception {
    try (InferenceEngine engine = Engines.load(EngineConfig.of(export(type), type))) {
      assertThat(engine.info().vocabSize()).isEqualTo(512);
      assertThat(engine.info().trainContextLength()).isEqualTo(2048);
      ReferenceEngines.Generated generated =
          ReferenceEngines.greedy(engine, "the quick brown fox", 12);
      if (generated.finish() == FinishReason.LENGTH) {
        assertThat(generated.tokens()).hasSize(12);
      } else {
        assertThat(generated.finish()).isEqualTo(FinishReason.STOP);
        assertThat(generated.tokens().getLast()).isGreaterThanOrEqualTo(496);
      }
      assertThat(generated.tokens()).isNotEmpty().allMatch(t -> t >= 0 && t < 512);
    }
  }

  @Test
  void smokeReportsSpeedAndASampleOfEachReply() throws IOException {
    Path prompts = dir.resolve("prompts.txt");
    Files.writeString(prompts, "Привет!\n\nthe table\n", StandardCharsets.UTF_8);
    Cli cli =
        Cli.run(
            "train",
            "smoke",
            "--gguf",
            export("q4_k_m").toString(),
            "--prompts",
            prompts.toString(),
            "--max-tokens",
            "8",
            "--threads",
            "2");
    assertThat(cli.exitCode()).as(cli.err()).isZero();
    assertThat(cli.err()).isEmpty();
    List<String> lines = cli.out().lines().toList();
    assertThat(lines.getFirst()).startsWith("smoke: loaded ").contains("tiny-q4_k_m.gguf");
    assertThat(lines)
        .anyMatch(
            l ->
                l.matches(
                    "smoke: prompt 1: \\d+ prompt tokens, [1-8] tokens \\((length|stop)\\), [0-9.]+ tokens/s"))
        .anyMatch(l -> l.matches("smoke: prompt 2: .*"))
        .contains("  > Привет!", "  > the table")
        .noneMatch(l -> l.startsWith("smoke: prompt 3"));
    assertThat(lines.getLast()).matches("smoke: 2 prompts, \\d+ tokens, [0-9.]+ tokens/s");
  }

  @Test
  void smokeFailsWithOneLineWhenTheModelDoesNotLoad() throws IOException {
    Path junk = dir.resolve("junk.gguf");
    Files.write(junk, new byte[] {'G', 'G', 'U', 'F', 3, 0, 0, 0, 1});
    Cli cli = Cli.run("train", "smoke", "--gguf", junk.toString());
    assertThat(cli.exitCode()).isEqualTo(1);
    assertThat(cli.errLines())
        .singleElement()
        .asString()
        .startsWith("samovar train smoke: llama.cpp cannot load the model " + junk);
    Cli missing = Cli.run("train", "smoke", "--gguf", dir.resolve("none.gguf").toString());
    assertThat(missing.exitCode()).isEqualTo(1);
    assertThat(missing.errLines())
        .containsExactly("samovar train smoke: model file not found: " + dir.resolve("none.gguf"));
  }
}
