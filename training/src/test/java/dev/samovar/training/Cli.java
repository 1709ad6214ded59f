package dev.samovar.training;

import dev.samovar.cli.Samovar;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import picocli.CommandLine;

/** Runs the training command line in-process and captures its output. */
public record Cli(int exitCode, String out, String err) {

  /** Runs {@code args} (starting with {@code train}) and captures stdout and stderr. */
  public static Cli run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine commandLine = Samovar.commandLine(System.getenv(), args);
    commandLine.setOut(new PrintWriter(out, true));
    commandLine.setErr(new PrintWriter(err, true));
    int code = commandLine.execute(args);
    return new Cli(code, out.toString(), err.toString());
  }

  /** The lines written to stderr. */
  public List<String> errLines() {
    return err.lines().toList();
  }
}
