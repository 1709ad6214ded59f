package dev.samovar.training.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code samovar train}: the commands that turn a fine-tune into GGUF files. */
@Command(
    name = "train",
    description =
        "Build the dataset, merge LoRA adapters, export GGUF models and adapters, smoke-test the"
            + " result.",
    synopsisSubcommandLabel = "COMMAND",
    usageHelpAutoWidth = true,
    subcommands = {
      MergeCommand.class,
      ExportGgufCommand.class,
      ExportLoraCommand.class,
      SmokeCommand.class,
      DatasetCommand.class
    })
public final class TrainCommand implements Runnable {
  @Spec private CommandSpec spec;

  @Mixin private HelpOption help;

  @Override
  public void run() {
    throw new ParameterException(
        spec.commandLine(), "missing command: merge, export-gguf, export-lora, smoke or dataset");
  }
}
