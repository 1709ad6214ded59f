package dev.samovar.bench;

import dev.samovar.bench.cli.BenchCommand;
import dev.samovar.bench.cli.HelpOption;
import dev.samovar.bench.cli.LoadCommand;
import dev.samovar.bench.cli.MtAnswerCommand;
import dev.samovar.bench.cli.MtCommand;
import dev.samovar.bench.cli.MtJudgeCommand;
import dev.samovar.bench.cli.MtReportCommand;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The {@code samovar} command line of the bench jar: {@code samovar bench mt answer|judge|report}
 * and {@code samovar bench load}. It takes every argument, {@code bench} included, and ends the
 * process with the command's exit code: 0 done, 1 failed, 2 wrong usage.
 */
@Command(
    name = "samovar",
    description = "Benchmark a Russian Llama-3 fine-tune against other models.",
    synopsisSubcommandLabel = "COMMAND",
    usageHelpAutoWidth = true)
public final class Main implements Runnable {
  @Spec private CommandSpec spec;

  @Mixin private HelpOption help;

  public static void main(String[] args) {
    System.exit(commandLine(System.getenv()).execute(args));
  }

  /**
   * The command line with its subcommands and error handling: wrong usage prints one line and exits
   * with 2, a failure prints one line and exits with 1.
   */
  public static CommandLine commandLine(Map<String, String> env) {
    CommandLine mt =
        new CommandLine(new MtCommand())
            .addSubcommand("answer", new MtAnswerCommand(env))
            .addSubcommand("judge", new MtJudgeCommand(env))
            .addSubcommand("report", new MtReportCommand());
    CommandLine bench =
        new CommandLine(new BenchCommand())
            .addSubcommand("mt", mt)
            .addSubcommand("load", new LoadCommand(env));
    return new CommandLine(new Main())
        .addSubcommand("bench", bench)
        .setParameterExceptionHandler(
            (e, args) -> {
              e.getCommandLine()
                  .getErr()
                  .println(
                      e.getCommandLine().getCommandSpec().qualifiedName()
                          + ": "
                          + e.getMessage()
                          + " (see --help)");
              return e.getCommandLine().getCommandSpec().exitCodeOnInvalidInput();
            })
        .setExecutionExceptionHandler(
            (e, commandLine, parseResult) -> {
              commandLine
                  .getErr()
                  .println(commandLine.getCommandSpec().qualifiedName() + ": " + oneLine(e));
              return commandLine.getCommandSpec().exitCodeOnExecutionException();
            });
  }

  @Override
  public void run() {
    throw new ParameterException(spec.commandLine(), "missing command; try 'samovar bench'");
  }

  private static String oneLine(Throwable e) {
    String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    return message.replaceAll("\\s*\\R\\s*", " ");
  }
}
