package dev.samovar.training.dataset.select;

import static dev.samovar.training.dataset.select.TagengoRows.row;
import static org.assertj.core.api.Assertions.assertThat;

import dev.samovar.training.Cli;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetSelectCliTest {
  private static final String COMMAND = "samovar train dataset select: ";

  @TempDir Path dir;

  private Path input() throws Exception {
    return TagengoRows.jsonl(
        dir.resolve("tagengo.jsonl"),
        List.of(
            row("r1", "Russian", "ru", "Привет"),
            "{\"conversation_id\": 5}",
            row("e1", "English", "en", "Hello"),
            row("e2", "English", "en", "Hello there")));
  }

  @Test
  void selectsAndReportsMalformedRowsOnStderrWithExitZero() throws Exception {
    Path input = input();
    Path out = dir.resolve("prompts.jsonl");
    Cli run =
        Cli.run(
            "train",
            "dataset",
            "select",
            "--input",
            input.toString(),
            "--lang",
            "Russian=all,EN=5",
            "--seed",
            "3",
            "--max-chars",
            "6",
            "--out",
            out.toString());
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.err()).isEqualTo(input + ":2: no \"lang_detect_result\" and no \"language\"\n");
    assertThat(run.out())
        .startsWith("dataset select: 2 prompts written to " + out + " (100.0% of ")
        .contains(
            "seed 3, at most 6 characters a prompt",
            "ru    Russian             1         0      0        0          0         1    all        1",
            "en    English             2         0      0        1          0         1      5        1",
            "-     other               1         1      -        -          -         -      -        -",
            "en: 5 wanted, only 1 available");
    assertThat(Files.readString(out))
        .isEqualTo(
            """
            {"id":"e1","language":"English","lang":"en","turns":["Hello"]}
            {"id":"r1","language":"Russian","lang":"ru","turns":["Привет"]}
            """);
  }

  @Test
  void strictExitsOneWithTheLineAtFault() throws Exception {
    Path input = input();
    Cli run =
        Cli.run(
            "train",
            "dataset",
            "select",
            "--input",
            input.toString(),
            "--lang",
            "ru=all",
            "--strict",
            "--out",
            dir.resolve("p.jsonl").toString());
    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err())
        .isEqualTo(
            COMMAND + input + ":2: no \"lang_detect_result\" and no \"language\" (--strict)\n");
    assertThat(dir.resolve("p.jsonl")).doesNotExist();
  }

  @Test
  void wrongUsageExitsTwoWithOneLine() throws Exception {
    String input = input().toString();
    String out = dir.resolve("p.jsonl").toString();
    assertUsage(
        Cli.run(
            "train", "dataset", "select", "--input", input, "--lang", "Klingon=3", "--out", out),
        "Invalid value for option '--lang': unknown language 'Klingon'; known: af (Afrikaans),");
    assertUsage(
        Cli.run("train", "dataset", "select", "--input", input, "--lang", "ru=0", "--out", out),
        "Invalid value for option '--lang': the count for 'ru' must be a positive number or"
            + " 'all', not '0'");
    assertUsage(
        Cli.run(
            "train", "dataset", "select", "--input", "rows.csv", "--lang", "ru=1", "--out", out),
        "--input must be a .jsonl or .parquet file: rows.csv");
    assertUsage(
        Cli.run(
            "train",
            "dataset",
            "select",
            "--input",
            input,
            "--lang",
            "ru=1",
            "--out",
            out,
            "--max-chars",
            "10",
            "--max-tokens",
            "5",
            "--tokenizer",
            "v.gguf"),
        "give --max-chars or --max-tokens, not both");
    assertUsage(
        Cli.run(
            "train",
            "dataset",
            "select",
            "--input",
            input,
            "--lang",
            "ru=1",
            "--out",
            out,
            "--max-tokens",
            "5"),
        "--max-tokens and --tokenizer go together");
    assertUsage(
        Cli.run(
            "train",
            "dataset",
            "select",
            "--input",
            input,
            "--lang",
            "ru=1",
            "--out",
            out,
            "--max-chars",
            "0"),
        "--max-chars and --max-tokens must be >= 1");
    assertUsage(
        Cli.run("train", "dataset", "select", "--input", input, "--out", out),
        "Missing required option: '--lang=KEY=COUNT|all,...'");
    assertThat(dir.resolve("p.jsonl")).doesNotExist();

    Cli parent = Cli.run("train", "dataset");
    assertThat(parent.exitCode()).isEqualTo(2);
    assertThat(parent.err())
        .isEqualTo("samovar train dataset: missing command: select, generate (see --help)\n");
  }

  @Test
  void aMissingInputOrTokenizerExitsOne() throws Exception {
    Path missing = dir.resolve("missing.jsonl");
    Cli run =
        Cli.run(
            "train",
            "dataset",
            "select",
            "--input",
            missing.toString(),
            "--lang",
            "ru=1",
            "--out",
            dir.resolve("p.jsonl").toString());
    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).isEqualTo(COMMAND + "input file not found: " + missing + "\n");

    Path vocab = dir.resolve("missing.gguf");
    run =
        Cli.run(
            "train",
            "dataset",
            "select",
            "--input",
            input().toString(),
            "--lang",
            "ru=1",
            "--max-tokens",
            "5",
            "--tokenizer",
            vocab.toString(),
            "--out",
            dir.resolve("p.jsonl").toString());
    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).isEqualTo(COMMAND + "model file not found: " + vocab + "\n");
  }

  private static void assertUsage(Cli run, String messageStart) {
    assertThat(run.exitCode()).as(run.err()).isEqualTo(2);
    assertThat(run.err()).startsWith(COMMAND + messageStart).endsWith(" (see --help)\n");
    assertThat(run.err().lines()).hasSize(1);
  }
}
