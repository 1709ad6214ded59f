package dev.samovar.training;

import static org.assertj.core.api.Assertions.assertThat;

import dev.samovar.training.tiny.TinyLlama;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Java side of the training smoke test (recipes/smoke): {@code train tiny-base} writes the
 * checkpoint that train.py fine-tunes, and an adapter shaped like the one train.py saves (rank 8,
 * alpha 16 on every layer's seven projections) goes through merge, export-gguf and smoke.
 */
class TinyBaseChainIT {
  @TempDir Path dir;

  @Test
  void tinyBaseIsDeterministicAndItsAdapterIsMergedExportedAndSmokeTested() throws IOException {
    Path base = dir.resolve("base");
    Cli written = Cli.run("train", "tiny-base", "--out", base.toString(), "--seed", "3");
    assertThat(written.exitCode()).as(written.err()).isZero();
    assertThat(written.out()).isEqualTo("tiny-base: wrote " + base + " (1443072 parameters)\n");
    TinyCheckpoint same = TinyCheckpoint.write(dir.resolve("same"), TinyLlama.SHAPE, 3);
    assertThat(files(base)).isEqualTo(files(dir.resolve("same")));
    for (String file : files(base)) {
      assertThat(base.resolve(file)).hasSameBinaryContentAs(dir.resolve("same").resolve(file));
    }

    Path adapter = dir.resolve("adapter");
    List<String> projections =
        TinyAdapter.standardModules(same.shape).stream().filter(m -> !m.equals("lm_head")).toList();
    TinyAdapter.write(adapter, same, projections, Map.of(), 8, 16, 5, c -> {});
    Path merged = dir.resolve("merged");
    Cli merge =
        Cli.run(
            "train",
            "merge",
            "--base",
            base.toString(),
            "--adapter",
            adapter.toString(),
            "--out",
            merged.toString());
    assertThat(merge.exitCode()).as(merge.err()).isZero();
    assertThat(merge.out().lines().toList().getLast())
        .isEqualTo("merge: 14 weights changed; wrote " + merged);

    for (String type : List.of("f16", "q8_0", "q4_k_m")) {
      Path gguf = dir.resolve("tiny-" + type + ".gguf");
      Cli export =
          Cli.run(
              "train",
              "export-gguf",
              "--hf",
              merged.toString(),
              "--out",
              gguf.toString(),
              "--type",
              type);
      assertThat(export.exitCode()).as(export.err()).isZero();
      assertThat(gguf).isRegularFile();
    }

    Path prompts = dir.resolve("prompts.txt");
    Files.writeString(prompts, "Привет! Как дела?\n", StandardCharsets.UTF_8);
    Cli smoke =
        Cli.run(
            "train",
            "smoke",
            "--gguf",
            dir.resolve("tiny-q4_k_m.gguf").toString(),
            "--prompts",
            prompts.toString(),
            "--max-tokens",
            "8",
            "--threads",
            "2");
    assertThat(smoke.exitCode()).as(smoke.err()).isZero();
    List<String> lines = smoke.out().lines().toList();
    assertThat(lines.getFirst()).startsWith("smoke: loaded ").contains("tiny-q4_k_m.gguf");
    assertThat(lines)
        .anyMatch(
            l ->
                l.matches(
                    "smoke: prompt 1: \\d+ prompt tokens, [1-8] tokens \\((length|stop)\\), [0-9.]+ tokens/s"))
        .contains("  > Привет! Как дела?");
  }

  @Test
  void tinyBaseRefusesANonEmptyOutput() throws IOException {
    Files.createDirectories(dir.resolve("taken"));
    Files.writeString(dir.resolve("taken/config.json"), "{}");
    Cli cli = Cli.run("train", "tiny-base", "--out", dir.resolve("taken").toString());
    assertThat(cli.exitCode()).isEqualTo(1);
    assertThat(cli.errLines())
        .containsExactly(
            "samovar train tiny-base: output directory "
                + dir.resolve("taken")
                + " exists and is not empty");
  }

  private static List<String> files(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.map(f -> f.getFileName().toString()).sorted().toList();
    }
  }
}
