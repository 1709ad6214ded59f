package dev.samovar.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.samovar.models.testdata.TestData;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code samovar models inspect|verify|rm|synthetic}: reading, checking, removing and writing model
 * files, with one-line errors.
 */
@Timeout(60)
class ModelsFileCommandsTest extends ModelsCommandFixture {
  @Test
  void inspectTheTinyModel() {
    CliRun run = run("models", "inspect", "tiny");

    assertThat(run.exitCode()).isZero();
    assertThat(run.err()).isEmpty();
    List<String> lines = run.out().lines().toList();
    assertThat(lines.subList(0, lines.size() - 2))
        .containsExactly(
            "file:             " + models().resolve("tiny.gguf") + " (4.41 MB)",
            "architecture:     llama",
            "name:             samovar tiny test model",
            "parameters:       1.10 M in 21 tensors",
            "file type:        F32",
            "context length:   8192 tokens (trained)",
            "layers:           2 (embedding 256, feed-forward 256, 4 heads, 2 KV heads)",
            "vocabulary:       604 tokens",
            "special tokens:   bos 599 <|begin_of_text|>, eos 603 <|eot_id|>, eot 603 <|eot_id|>",
            "chat template:    present (llama3)",
            "quantization:     1 tensor type",
            "  F32         21 tensors   4.39 MB  100.0%",
            "memory estimate:  about 77.2 MiB for 8192 tokens x 1 sequence (weights 4.18 MiB + KV"
                + " cache 8.00 MiB + compute 65.0 MiB + output 2.36 KiB)",
            "per layer:        1.50 MiB weights + 4.00 MiB KV cache each; 1.18 MiB of weights"
                + " outside the layers");
    assertThat(lines.get(lines.size() - 2))
        .matches("available memory: [0-9.]+ [KMGT]?i?B \\(.+\\): the estimate fits");
    assertThat(lines.getLast()).isEqualTo("servable:         yes");
  }

  @Test
  void inspectTheLlama3VocabularyWithAnotherContext() {
    Path vocab = TestData.llama3Vocab();

    CliRun run =
        run("models", "inspect", vocab.toString(), "--ctx-size", "4096", "--parallel", "2");

    assertThat(run.exitCode()).isZero();
    assertThat(run.out().lines())
        .contains(
            "architecture:     llama",
            "name:             llama-bpe",
            "parameters:       none (a vocabulary-only file)",
            "file type:        F16",
            "context length:   8192 tokens (trained)",
            "layers:           32 (embedding 4096, feed-forward 14336, 32 heads, 8 KV heads)",
            "vocabulary:       128256 tokens",
            "special tokens:   bos 128000 <|begin_of_text|>, eos 128001 <|end_of_text|>",
            "chat template:    none",
            "quantization:     none",
            "memory estimate:  about 1.56 GiB for 4096 tokens x 2 sequences (weights 0 B + KV"
                + " cache 1.00 GiB + compute 568 MiB + output 1002 KiB)",
            "servable:         no: it has no tensors: it is a vocabulary-only GGUF file");
  }

  @Test
  void inspectFailuresAreOneLine() throws IOException {
    Path broken = Files.writeString(dir.resolve("broken.gguf"), "GGUF but not really");

    assertOneLineFailure(
        run("models", "inspect", "ru-llama3-8b:Q8_0"),
        1,
        "samovar models inspect: ru-llama3-8b:Q8_0 is not downloaded ("
            + models().resolve(REPO).resolve("ggml-model-Q8_0.gguf")
            + " is missing); run 'samovar models pull ru-llama3-8b:Q8_0' first");
    CliRun corrupt = run("models", "inspect", broken.toString());
    assertThat(corrupt.exitCode()).isEqualTo(1);
    assertThat(corrupt.err())
        .startsWith("samovar models inspect: " + broken + " is not a valid GGUF file (")
        .endsWith("delete it and download it again" + NL)
        .hasLineCount(1);
    assertOneLineFailure(
        run("models", "inspect", "tiny", "--parallel", "0"),
        2,
        "samovar models inspect: --parallel must be >= 1: 0 (see --help)");
  }

  @Test
  void verifyChecksStructureAndTheRecordedHash() throws IOException {
    hub.host(Q4, tiny);
    assertThat(run("models", "pull", "ru-llama3-8b:Q4_K_M").exitCode()).isZero();

    CliRun ok = run("models", "verify", "ru-llama3-8b:Q4_K_M");

    assertThat(ok.exitCode()).isZero();
    assertThat(ok.out())
        .isEqualTo(
            q4Path()
                + ": OK (GGUF v3, 21 tensors, 24 metadata keys; SHA-256 "
                + tinySha
                + " as recorded)"
                + NL);
    assertThat(ok.err()).isEqualTo("hashing " + q4Path() + " (4.41 MB)" + NL);

    try (RandomAccessFile file = new RandomAccessFile(q4Path().toFile(), "rw")) {
      file.seek(tiny.length - 100);
      file.write(0x55);
    }
    CliRun corrupt = run("models", "verify", "ru-llama3-8b:Q4_K_M");

    assertThat(corrupt.exitCode()).isEqualTo(1);
    assertThat(corrupt.err().lines().toList().getLast())
        .startsWith("samovar models verify: " + q4Path() + ": SHA-256 ")
        .endsWith(
            " differs from the "
                + tinySha
                + " recorded at download: the file is corrupt; remove it (samovar models rm) and"
                + " download it again");
  }

  @Test
  void verifyAFileWithoutARecordedHashChecksItsStructure() throws IOException {
    Path local = Files.write(dir.resolve("local.gguf"), tiny);
    Path cut = Files.write(dir.resolve("cut.gguf"), java.util.Arrays.copyOf(tiny, 30_000));

    CliRun ok = run("models", "verify", local.toString());
    CliRun truncated = run("models", "verify", cut.toString());

    assertThat(ok.exitCode()).isZero();
    assertThat(ok.out())
        .isEqualTo(
            local
                + ": structure OK (GGUF v3, 21 tensors, 24 metadata keys); no recorded SHA-256 to"
                + " compare (only downloads record one)"
                + NL);
    assertThat(truncated.exitCode()).isEqualTo(1);
    assertThat(truncated.err())
        .startsWith("samovar models verify: " + cut + " is not a valid GGUF file (")
        .hasLineCount(1);
  }

  @Test
  void rmDeletesTheModelItsHashAndPartials() throws IOException {
    hub.host(Q4, tiny);
    assertThat(run("models", "pull", "ru-llama3-8b:Q4_K_M").exitCode()).isZero();

    CliRun run = run("models", "rm", "ru-llama3-8b:Q4_K_M");

    assertThat(run.exitCode()).isZero();
    assertThat(run.out().lines())
        .containsExactlyInAnyOrder(
            "removed " + q4Path(),
            "removed " + q4Path().resolveSibling("ggml-model-Q4_K_M.gguf.sha256"));
    assertThat(q4Path()).doesNotExist();
    assertOneLineFailure(
        run("models", "rm", "ru-llama3-8b:Q4_K_M"),
        1,
        "samovar models rm: ru-llama3-8b:Q4_K_M is not in " + models() + ": nothing to remove");
    Path local = Files.write(dir.resolve("mine.gguf"), tiny);
    assertOneLineFailure(
        run("models", "rm", local.toString()),
        2,
        "samovar models rm: rm takes a catalog id or hf://owner/repo/file.gguf; it does not delete"
            + " other files: "
            + local
            + " (see --help)");
    assertThat(local).exists();
  }

  @Test
  void syntheticWritesAModelOfTheNamedShape() throws IOException {
    Path out = dir.resolve("small.gguf");
    CliRun run =
        run("models", "synthetic", "--out", out.toString(), "--size", "small", "--seed", "3");

    assertThat(run.exitCode()).isZero();
    assertThat(run.err()).isEmpty();
    assertThat(run.out())
        .isEqualTo(out + ": 450 K parameters (small, F16 weights, seed 3), 923 kB" + NL);
    CliRun inspect = run("models", "inspect", out.toString());
    assertThat(inspect.out()).contains("samovar synthetic small model", "2 (embedding 128");
  }

  @Test
  void syntheticRefusesUnknownShapesAndTypes() {
    Path out = dir.resolve("x.gguf");
    assertOneLineFailure(
        run("models", "synthetic", "--out", out.toString(), "--size", "7b"),
        2,
        "samovar models synthetic: --size: no synthetic shape '7b'; there are [150m, small] (see"
            + " --help)");
    assertOneLineFailure(
        run("models", "synthetic", "--out", out.toString(), "--type", "Q4_0"),
        2,
        "samovar models synthetic: --type must be F16 or Q8_0, not Q4_0 (see --help)");
    assertThat(out).doesNotExist();
  }
}
