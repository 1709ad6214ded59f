package dev.samovar.cli;

import java.util.List;
import java.util.Map;
import picocli.CommandLine;

/**
 * The top-level commands a module adds to {@code samovar}, found through {@link
 * java.util.ServiceLoader} ({@code META-INF/services/dev.samovar.cli.CommandProvider} in the
 * module's jar): the root command runs whatever modules are on the class path.
 */
public interface CommandProvider {
  /**
   * The commands, each with its subcommands.
   *
   * @param env the environment the commands read (besides their options)
   */
  List<CommandLine> commands(Map<String, String> env);

  /** Where the commands go in the root's help: lower first. */
  int order();
}
