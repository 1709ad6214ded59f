package dev.samovar.training.cli;

import picocli.CommandLine.Option;

/** The shared {@code -h, --help} option. */
public final class HelpOption {
  @Option(
      names = {"-h", "--help"},
      usageHelp = true,
      description = "Show this help and exit.")
  private boolean help;
}
