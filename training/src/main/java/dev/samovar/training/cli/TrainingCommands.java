package dev.samovar.training.cli;

import dev.samovar.cli.CommandProvider;
import dev.samovar.cli.EngineOptions;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;

/** The training module's command: {@code train} and its subcommands. */
public final class TrainingCommands implements CommandProvider {
  @Override
  public List<CommandLine> commands(Map<String, String> env) {
    return List.of(
        new CommandLine(new TrainCommand())
            .addSubcommand(new MergeCommand())
            .addSubcommand(new ExportGgufCommand())
            .addSubcommand(new ExportLoraCommand())
            .addSubcommand(
                EngineOptions.defaults(
                    new CommandLine(new SmokeCommand(env)), Map.of("--ctx-size", "2048")))
            .addSubcommand(new DatasetCommand())
            .addSubcommand(new TinyBaseCommand()));
  }

  @Override
  public int order() {
    return 20;
  }
}
