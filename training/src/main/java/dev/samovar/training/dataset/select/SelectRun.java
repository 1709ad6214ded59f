package dev.samovar.training.dataset.select;

import dev.samovar.cli.Progress;
import dev.samovar.training.PartialOutput;
import dev.samovar.training.TrainingException;
import dev.samovar.training.dataset.PromptRecord;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * {@code samovar train dataset select}: reads a Tagengo-format file (JSONL or Parquet), selects
 * prompts per language and writes them to a prompts file, then prints a per-language summary.
 */
public final class SelectRun {

  /**
   * What to select.
   *
   * @param input the Tagengo-format file, {@code .jsonl} or {@code .parquet}
   * @param output the prompts file to write; must not exist
   * @param spec the languages and how many prompts of each
   * @param seed the sampling seed
   * @param budget the most a prompt may hold
   * @param strict whether a malformed row fails the run instead of being skipped
   */
  public record Options(
      Path input, Path output, LangSpec spec, long seed, Budget budget, boolean strict) {
    public Options {
      Objects.requireNonNull(input, "input");
      Objects.requireNonNull(output, "output");
      Objects.requireNonNull(spec, "spec");
      Objects.requireNonNull(budget, "budget");
    }
  }

  private SelectRun() {}

  /**
   * Runs the selection; progress and the summary go to {@code out}, malformed rows to {@code err}.
   *
   * @return the prompts written
   * @throws TrainingException when the input cannot be read, a row is malformed under {@code
   *     strict}, or nothing was selected; nothing is written then
   */
  public static List<PromptRecord> run(Options options, PrintWriter out, PrintWriter err)
      throws IOException {
    RowSource source = RowSource.of(options.input());
    RowSource.requireFile(options.input());
    PartialOutput output = PartialOutput.of(options.output());
    Selection selection =
        new Selection(options.spec(), options.seed(), options.budget(), options.strict(), err);
    Progress progress = Progress.of(out, "dataset select", Files.size(options.input()));
    String where = options.input().toString();
    source.read(
        (number, json, bytes) -> {
          selection.accept(where, number, json);
          progress.advance(bytes, "row " + number);
        });
    List<PromptRecord> records = selection.finish();
    if (records.isEmpty()) {
      err.flush();
      throw new TrainingException(
          "no prompt of " + String.join(", ", options.spec().langs()) + " in " + where);
    }
    try (Writer writer = Files.newBufferedWriter(output.part(), StandardCharsets.UTF_8)) {
      PromptRecord.write(records, writer);
    } catch (IOException | RuntimeException e) {
      output.discard(e);
      throw e;
    }
    output.commit();
    progress.finish(records.size() + " prompts written to " + output.target());
    out.println(
        "seed "
            + options.seed()
            + ", at most "
            + options.budget().describe()
            + " a prompt, duplicates by whitespace-normalised turns");
    Summary.print(out, options.spec(), selection.counts(), selection.other());
    out.flush();
    return records;
  }
}
