package dev.samovar.training;

import dev.samovar.cli.Samovar;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;

/** Runs the training command line in-process and captures its output. */
public record Cli(int exitCode, String out, String err) {

  /** Runs {@code args} (starting with {@code train}) and captures stdout and stderr. */
  public static Cli run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code =
        Samovar.execute(
            System.getenv(), new PrintWriter(out, true), new PrintWriter(err, true), args);
    return new Cli(code, out.toString(), err.toString());
  }

  /** The lines written to stderr. */
  public List<String> errLines() {
    return err.lines().toList();
  }
}
