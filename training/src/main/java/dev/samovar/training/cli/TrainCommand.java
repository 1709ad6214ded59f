package dev.samovar.training.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code samovar train}: the commands that turn a fine-tune into GGUF files. */
@Command(
    name = "train",
    description =
        "Turn a fine-tune into served weights: dataset, LoRA merge, GGUF export, smoke test.",
    synopsisSubcommandLabel = "COMMAND",
    usageHelpAutoWidth = true)
public final class TrainCommand implements Runnable {
  @Spec private CommandSpec spec;

  @Override
  public void run() {
    throw new ParameterException(
        spec.commandLine(),
        "missing command: merge, export-gguf, export-lora, smoke, dataset or tiny-base");
  }
}
