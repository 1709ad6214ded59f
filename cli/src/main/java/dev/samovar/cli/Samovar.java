package dev.samovar.cli;

import java.io.PrintWriter;
import java.util.Comparator;
import java.util.Map;
import java.util.ServiceLoader;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.RunLast;
import picocli.CommandLine.Spec;

/**
 * The {@code samovar} command: the commands of the modules on the class path ({@link
 * CommandProvider}), with one way of handling what every command shares: {@code -h/--help} on each
 * command, settings not given as flags from {@code SAMOVAR_*} variables and then the YAML file of
 * {@code --config} ({@link SettingsSource}), and one line on stderr for a failure ({@link
 * Failures}). Every run ends the process with the command's exit code (0 done, 1 failed, 2 wrong
 * usage), because the native inference library keeps a non-daemon thread alive.
 */
@Command(
    name = "samovar",
    description =
        "Serve, train and benchmark llama-3-8b-gpt-4o-ru1.0, a Russian fine-tune of"
            + " Llama-3-8B-Instruct.",
    synopsisSubcommandLabel = "COMMAND",
    usageHelpAutoWidth = true)
public final class Samovar implements Runnable {
  @Spec private CommandSpec spec;

  public static void main(String[] args) {
    System.exit(
        execute(
            System.getenv(),
            new PrintWriter(System.out, true),
            new PrintWriter(System.err, true),
            args));
  }

  /**
   * Runs {@code args} as the {@code samovar} command, its settings read from {@code env}, writing
   * to {@code out} and {@code err}; returns the exit code (the process does not end).
   */
  public static int execute(
      Map<String, String> env, PrintWriter out, PrintWriter err, String... args) {
    try {
      return commandLine(env, args).setOut(out).setErr(err).execute(args);
    } catch (IllegalArgumentException e) {
      err.println("samovar: " + Failures.oneLine(e.getMessage()) + " (see --help)");
      return 2;
    }
  }

  /**
   * The command line that runs {@code args}, its settings read from {@code env} and the {@code
   * --config} file {@code args} name.
   *
   * @throws IllegalArgumentException when the {@code --config} file cannot be read
   */
  public static CommandLine commandLine(Map<String, String> env, String... args) {
    CommandLine root = new CommandLine(new Samovar());
    ServiceLoader.load(CommandProvider.class).stream()
        .map(ServiceLoader.Provider::get)
        .sorted(Comparator.comparingInt(CommandProvider::order))
        .flatMap(provider -> provider.commands(env).stream())
        .forEach(root::addSubcommand);
    addStandardOptions(root);
    SettingsSource settings = SettingsSource.of(env, args);
    Failures failures = new Failures();
    return root.setDefaultValueProvider(settings)
        .setParameterExceptionHandler(failures)
        .setExecutionExceptionHandler(failures)
        .setExecutionStrategy(
            parseResult -> {
              CommandSpec leaf = leaf(parseResult);
              try {
                settings.requireKnown(leaf);
              } catch (IllegalArgumentException e) {
                throw new ParameterException(leaf.commandLine(), e.getMessage(), e);
              }
              return new RunLast().execute(parseResult);
            });
  }

  /** {@code -h/--help} on every command, {@code --config} on every command that runs. */
  private static void addStandardOptions(CommandLine command) {
    CommandSpec spec = command.getCommandSpec();
    if (spec.findOption("--help") == null) {
      spec.addOption(
          OptionSpec.builder("-h", "--help")
              .usageHelp(true)
              .description("Show this help and exit.")
              .build());
    }
    if (command.getSubcommands().isEmpty() && spec.findOption("--config") == null) {
      spec.addOption(
          OptionSpec.builder(SettingsSource.CONFIG_OPTION)
              .paramLabel("FILE")
              .type(String.class)
              .description(
                  "YAML file of settings, keys named like the options without dashes (port: 8080);"
                      + " flags win over SAMOVAR_* environment variables, which win over the file"
                      + " (default: $SAMOVAR_CONFIG).")
              .build());
    }
    command.getSubcommands().values().forEach(Samovar::addStandardOptions);
  }

  private static CommandSpec leaf(ParseResult parseResult) {
    ParseResult last = parseResult;
    while (last.hasSubcommand()) {
      last = last.subcommand();
    }
    return last.commandSpec();
  }

  @Override
  public void run() {
    throw new ParameterException(
        spec.commandLine(), "missing command: " + String.join(", ", spec.subcommands().keySet()));
  }
}
