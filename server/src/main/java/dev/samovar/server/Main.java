package dev.samovar.server;

import dev.samovar.server.cli.HealthCommand;
import dev.samovar.server.cli.ModelsCommand;
import dev.samovar.server.cli.ServeCommand;
import dev.samovar.server.cli.SettingsSource;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The {@code samovar} command line. Every run ends the process with the command's exit code,
 * because the native inference library keeps a non-daemon thread alive.
 */
@Command(
    name = "samovar",
    description = "Serve a Russian Llama-3 fine-tune through an OpenAI-compatible API.",
    synopsisSubcommandLabel = "COMMAND",
    usageHelpAutoWidth = true)
public final class Main implements Runnable {
  @Spec private CommandSpec spec;

  @CommandLine.Option(
      names = {"-h", "--help"},
      usageHelp = true,
      description = "Show this help and exit.")
  private boolean help;

  public static void main(String[] args) {
    int exitCode;
    try {
      exitCode = commandLine(System.getenv(), args).execute(args);
    } catch (IllegalArgumentException e) {
      System.err.println("samovar serve: " + oneLine(e) + " (see --help)");
      exitCode = 2;
    }
    System.exit(exitCode);
  }

  /**
   * The command line for {@code args}: {@code serve} takes settings not given as flags from {@code
   * SAMOVAR_*} variables in {@code env}, then from its {@code --config} YAML file.
   *
   * @throws IllegalArgumentException when the {@code --config} file cannot be read
   */
  public static CommandLine commandLine(Map<String, String> env, String... args) {
    CommandLine commandLine = commandLine(env);
    CommandLine serve = commandLine.getSubcommands().get("serve");
    serve.setDefaultValueProvider(
        SettingsSource.of(env, args).requireKnown(serve.getCommandSpec()));
    return commandLine;
  }

  /**
   * The command line with its subcommands and error handling: wrong usage prints one line and exits
   * with 2, a failure prints one line and exits with 1.
   */
  public static CommandLine commandLine(Map<String, String> env) {
    return new CommandLine(new Main())
        .addSubcommand(new ServeCommand(env))
        .addSubcommand(ModelsCommand.commandLine(env))
        .addSubcommand(new HealthCommand(env))
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
    throw new ParameterException(spec.commandLine(), "missing command; try 'samovar serve'");
  }

  private static String oneLine(Throwable e) {
    String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    return message.replaceAll("\\s*\\R\\s*", " ");
  }
}
