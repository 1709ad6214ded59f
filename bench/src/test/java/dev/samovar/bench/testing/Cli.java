package dev.samovar.bench.testing;

import dev.samovar.cli.Samovar;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;

/** Runs the bench command line in this JVM and captures its exit code and output. */
public final class Cli {
  /** What a run left: exit code, standard output and standard error. */
  public record Result(int exitCode, String out, String err) {}

  private Cli() {}

  public static Result run(Map<String, String> env, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exitCode =
        Samovar.execute(env, new PrintWriter(out, true), new PrintWriter(err, true), args);
    return new Result(exitCode, out.toString(), err.toString());
  }
}
