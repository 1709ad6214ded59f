package dev.samovar.server.cli;

import dev.samovar.cli.Samovar;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;

/** What one run of the samovar command line in this JVM left: exit code, output and errors. */
record CliRun(int exitCode, String out, String err) {
  /** Runs {@code args} as {@code samovar} would, its settings read from {@code env}. */
  static CliRun of(Map<String, String> env, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exitCode =
        Samovar.execute(env, new PrintWriter(out, true), new PrintWriter(err, true), args);
    return new CliRun(exitCode, out.toString(), err.toString());
  }
}
