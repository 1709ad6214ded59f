package dev.samovar.server.cli;

import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code samovar models}: the catalog and the model cache; the work is in its subcommands. */
@Command(
    name = "models",
    description = "List, download, inspect, verify and remove models; write synthetic ones.",
    synopsisSubcommandLabel = "COMMAND",
    usageHelpAutoWidth = true)
public final class ModelsCommand implements Runnable {
  @Spec private CommandSpec spec;

  private ModelsCommand() {}

  /**
   * {@code models} with {@code list}, {@code pull}, {@code inspect}, {@code verify}, {@code rm},
   * {@code synthetic}.
   */
  public static CommandLine commandLine(Map<String, String> env) {
    return new CommandLine(new ModelsCommand())
        .addSubcommand(new ModelsListCommand(env))
        .addSubcommand(new ModelsPullCommand(env))
        .addSubcommand(new ModelsInspectCommand(env))
        .addSubcommand(new ModelsVerifyCommand(env))
        .addSubcommand(new ModelsRmCommand(env))
        .addSubcommand(new ModelsSyntheticCommand());
  }

  @Override
  public void run() {
    throw new ParameterException(spec.commandLine(), "missing command; try 'samovar models list'");
  }
}
