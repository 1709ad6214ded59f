package dev.samovar.bench.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code samovar bench}: benchmarks against OpenAI-compatible endpoints. */
@Command(
    name = "bench",
    description = "Benchmark models behind OpenAI-compatible endpoints.",
    synopsisSubcommandLabel = "COMMAND",
    usageHelpAutoWidth = true)
public final class BenchCommand implements Runnable {
  @Spec private CommandSpec spec;

  @Override
  public void run() {
    throw new ParameterException(
        spec.commandLine(), "missing command; try 'samovar bench mt|load'");
  }
}
