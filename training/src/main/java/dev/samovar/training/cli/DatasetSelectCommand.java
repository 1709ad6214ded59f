package dev.samovar.training.cli;

import dev.samovar.engine.llama.LlamaTokenizer;
import dev.samovar.training.dataset.select.Budget;
import dev.samovar.training.dataset.select.LangSpec;
import dev.samovar.training.dataset.select.SelectRun;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code samovar train dataset select}: pick prompts per language from Tagengo-format data. */
@Command(
    name = "select",
    description =
        "Select prompts per language from Tagengo-format data (JSONL or Parquet): malformed rows"
            + " are reported as FILE:LINE and skipped, empty, duplicate and over-budget prompts"
            + " dropped, the rest sampled reproducibly; prints a per-language summary.",
    sortOptions = false,
    usageHelpAutoWidth = true)
public final class DatasetSelectCommand implements Callable<Integer> {
  /** The character budget when no budget is given. */
  static final int DEFAULT_MAX_CHARS = 8000;

  @Spec private CommandSpec spec;

  @Option(
      names = "--input",
      required = true,
      paramLabel = "FILE",
      description = "Tagengo-format rows: FILE.jsonl or FILE.parquet.")
  private Path input;

  @Option(
      names = "--lang",
      required = true,
      paramLabel = "KEY=COUNT|all,...",
      converter = LangSpecConverter.class,
      description =
          "Languages and how many prompts of each, e.g. ru=all,en=1000,zh=1000; KEY is an ISO"
              + " 639-1 code or an English language name.")
  private LangSpec lang;

  @Option(
      names = "--seed",
      defaultValue = "0",
      paramLabel = "S",
      description = "Sampling seed (default: ${DEFAULT-VALUE}).")
  private long seed;

  @Option(
      names = "--out",
      required = true,
      paramLabel = "FILE.jsonl",
      description = "The prompts file to write; must not exist.")
  private Path out;

  @Option(
      names = "--max-chars",
      paramLabel = "N",
      description =
          "Most characters (code points) over a prompt's turns (default: "
              + DEFAULT_MAX_CHARS
              + " unless --max-tokens is given).")
  private Integer maxChars;

  @Option(
      names = "--max-tokens",
      paramLabel = "N",
      description = "Most tokens over a prompt's turns, counted with --tokenizer.")
  private Integer maxTokens;

  @Option(
      names = "--tokenizer",
      paramLabel = "FILE.gguf",
      description = "GGUF file whose vocabulary counts --max-tokens (a vocab-only file will do).")
  private Path tokenizer;

  @Option(names = "--strict", description = "Fail on the first malformed row.")
  private boolean strict;

  @Override
  public Integer call() throws IOException {
    String name = input.getFileName().toString().toLowerCase(Locale.ROOT);
    if (!name.endsWith(".jsonl") && !name.endsWith(".parquet")) {
      throw usage("--input must be a .jsonl or .parquet file: " + input);
    }
    if (maxTokens != null && maxChars != null) {
      throw usage("give --max-chars or --max-tokens, not both");
    }
    if ((maxChars != null && maxChars < 1) || (maxTokens != null && maxTokens < 1)) {
      throw usage("--max-chars and --max-tokens must be >= 1");
    }
    if ((maxTokens == null) != (tokenizer == null)) {
      throw usage("--max-tokens and --tokenizer go together");
    }
    if (maxTokens == null) {
      Budget budget = new Budget.Chars(maxChars == null ? DEFAULT_MAX_CHARS : maxChars);
      select(budget);
      return 0;
    }
    try (LlamaTokenizer vocabulary = LlamaTokenizer.load(tokenizer)) {
      select(
          new Budget.Tokens(
              maxTokens,
              text -> vocabulary.tokenize(text, false, false).length,
              tokenizer.getFileName().toString()));
    }
    return 0;
  }

  private void select(Budget budget) throws IOException {
    SelectRun.run(
        new SelectRun.Options(input, out, lang, seed, budget, strict),
        spec.commandLine().getOut(),
        spec.commandLine().getErr());
  }

  private ParameterException usage(String message) {
    return new ParameterException(spec.commandLine(), message);
  }
}
