package dev.samovar.server.cli;

import picocli.CommandLine.Option;

/** {@code -h} / {@code --help}, mixed into each command. */
final class HelpOption {
  @Option(
      names = {"-h", "--help"},
      usageHelp = true,
      description = "Show this help and exit.")
  private boolean help;
}
