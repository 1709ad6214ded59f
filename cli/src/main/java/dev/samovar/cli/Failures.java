package dev.samovar.cli;

import dev.samovar.engine.InvalidSettingException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/**
 * How every command fails: one line on stderr, prefixed by the command's name. Wrong usage (an
 * option that does not parse, a setting out of range) exits with 2 and points to {@code --help}; a
 * failure while running exits with 1.
 */
final class Failures implements IParameterExceptionHandler, IExecutionExceptionHandler {
  @Override
  public int handleParseException(ParameterException e, String[] args) {
    return usage(e.getCommandLine(), e.getMessage());
  }

  @Override
  public int handleExecutionException(
      Exception e, CommandLine commandLine, ParseResult parseResult) {
    if (e instanceof InvalidSettingException setting) {
      return usage(commandLine, "--" + setting.getMessage());
    }
    commandLine.getErr().println(commandLine.getCommandSpec().qualifiedName() + ": " + describe(e));
    return commandLine.getCommandSpec().exitCodeOnExecutionException();
  }

  private static int usage(CommandLine commandLine, String message) {
    commandLine
        .getErr()
        .println(
            commandLine.getCommandSpec().qualifiedName()
                + ": "
                + oneLine(message)
                + " (see --help)");
    return commandLine.getCommandSpec().exitCodeOnInvalidInput();
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
          case RuntimeException runtime
              when runtime.getClass().getName().startsWith("dev.samovar.")
                  || runtime instanceof IllegalArgumentException
                  || runtime instanceof IllegalStateException ->
              runtime.getMessage();
          default -> cause.getClass().getSimpleName() + ": " + cause.getMessage();
        };
    return oneLine(message == null ? cause.getClass().getSimpleName() : message);
  }

  /** {@code message} on one line. */
  static String oneLine(String message) {
    return message == null ? "" : message.replaceAll("\\s*\\R\\s*", " ");
  }
}
