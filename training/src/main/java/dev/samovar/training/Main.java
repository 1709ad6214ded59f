package dev.samovar.training;

import dev.samovar.training.cli.TrainCommand;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The {@code samovar} command line of the training module ({@code samovar train ...}). Every run
 * ends the process with the command's exit code: 0 done, 1 failed (one line on stderr), 2 wrong
 * usage; the native inference library keeps a thread alive otherwise.
 */
@Command(
    name = "samovar",
    description = "Turn a fine-tune into what the server loads.",
    synopsisSubcommandLabel = "COMMAND",
    usageHelpAutoWidth = true,
    subcommands = TrainCommand.class)
public final class Main implements Runnable {
  @Spec private CommandSpec spec;

  @CommandLine.Option(
      names = {"-h", "--help"},
      usageHelp = true,
      description = "Show this help and exit.")
  private boolean help;

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  /** The command line with its subcommands and error handling. */
  public static CommandLine commandLine() {
    return new CommandLine(new Main())
        .setParameterExceptionHandler(
            (e, args) -> {
              CommandLine failed = e.getCommandLine();
              failed
                  .getErr()
                  .println(
                      failed.getCommandSpec().qualifiedName()
                          + ": "
                          + oneLine(e.getMessage())
                          + " (see --help)");
              return failed.getCommandSpec().exitCodeOnInvalidInput();
            })
        .setExecutionExceptionHandler(
            (e, commandLine, parseResult) -> {
              commandLine
                  .getErr()
                  .println(commandLine.getCommandSpec().qualifiedName() + ": " + describe(e));
              return commandLine.getCommandSpec().exitCodeOnExecutionException();
            });
  }

  @Override
  public void run() {
    throw new ParameterException(spec.commandLine(), "missing command; try 'samovar train'");
  }

  /** A failure as one line: the message of an expected failure, the type of an unexpected one. */
  static String describe(Throwable e) {
    Throwable cause = e instanceof UncheckedIOException unchecked ? unchecked.getCause() : e;
    String message =
        switch (cause) {
          case NoSuchFileException missing -> "no such file: " + missing.getFile();
          case AccessDeniedException denied -> "permission denied: " + denied.getFile();
          case FileSystemException fs -> fs.getMessage();
          case IOException io -> "I/O error: " + io.getMessage();
          case TrainingException training -> training.getMessage();
          case RuntimeException runtime
              when runtime.getClass().getName().startsWith("dev.samovar.")
                  || runtime instanceof IllegalArgumentException ->
              runtime.getMessage();
          default -> cause.getClass().getSimpleName() + ": " + cause.getMessage();
        };
    return oneLine(message == null ? cause.getClass().getSimpleName() : message);
  }

  private static String oneLine(String message) {
    return message.replaceAll("\\s*\\R\\s*", " ");
  }
}
