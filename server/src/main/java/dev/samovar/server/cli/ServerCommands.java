package dev.samovar.server.cli;

import dev.samovar.cli.CommandProvider;
import dev.samovar.cli.EngineOptions;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;

/** The server module's commands: {@code serve}, {@code models} and {@code health}. */
public final class ServerCommands implements CommandProvider {
  @Override
  public List<CommandLine> commands(Map<String, String> env) {
    return List.of(
        EngineOptions.defaults(
            new CommandLine(new ServeCommand(env)), Map.of("--gpu-layers", "auto")),
        ModelsCommand.commandLine(env),
        new CommandLine(new HealthCommand(env)));
  }

  @Override
  public int order() {
    return 10;
  }
}
