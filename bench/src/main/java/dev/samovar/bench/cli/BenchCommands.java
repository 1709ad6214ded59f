package dev.samovar.bench.cli;

import dev.samovar.cli.CommandProvider;
import dev.samovar.cli.EngineOptions;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;

/** The bench module's command: {@code bench mt answer|judge|report} and {@code bench load}. */
public final class BenchCommands implements CommandProvider {
  @Override
  public List<CommandLine> commands(Map<String, String> env) {
    CommandLine mt =
        new CommandLine(new MtCommand())
            .addSubcommand("answer", new MtAnswerCommand(env))
            .addSubcommand("judge", new MtJudgeCommand(env))
            .addSubcommand("report", new MtReportCommand());
    CommandLine load =
        EngineOptions.defaults(
            new CommandLine(new LoadCommand(env)), Map.of("--ctx-size", "0", "--parallel", "0"));
    return List.of(
        new CommandLine(new BenchCommand()).addSubcommand("mt", mt).addSubcommand("load", load));
  }

  @Override
  public int order() {
    return 30;
  }
}
