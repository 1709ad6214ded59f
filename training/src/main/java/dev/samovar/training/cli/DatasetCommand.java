package dev.samovar.training.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code samovar train dataset}: the commands that build a fine-tuning dataset. */
@Command(
    name = "dataset",
    description = "Build the fine-tuning dataset.",
    synopsisSubcommandLabel = "COMMAND",
    usageHelpAutoWidth = true,
    subcommands = {DatasetSelectCommand.class, DatasetGenerateCommand.class})
public final class DatasetCommand implements Runnable {
  @Spec private CommandSpec spec;

  @Override
  public void run() {
    throw new ParameterException(
        spec.commandLine(), "missing command: " + String.join(", ", spec.subcommands().keySet()));
  }
}
