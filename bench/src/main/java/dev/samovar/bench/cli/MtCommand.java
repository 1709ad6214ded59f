package dev.samovar.bench.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code samovar bench mt}: the MT-Bench commands answer, judge and report. */
@Command(
    name = "mt",
    description = "MT-Bench as FastChat's llm_judge runs it: answer, judge, report.",
    synopsisSubcommandLabel = "COMMAND",
    usageHelpAutoWidth = true)
public final class MtCommand implements Runnable {
  @Spec private CommandSpec spec;

  @Override
  public void run() {
    throw new ParameterException(
        spec.commandLine(), "missing command; try 'samovar bench mt answer|judge|report'");
  }
}
