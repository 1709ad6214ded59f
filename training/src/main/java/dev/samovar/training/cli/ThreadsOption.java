package dev.samovar.training.cli;

import picocli.CommandLine.Option;

/** The shared {@code --threads} option: worker threads, 0 for every available core. */
public final class ThreadsOption {
  @Option(
      names = "--threads",
      defaultValue = "0",
      paramLabel = "N",
      description = "Worker threads; 0 means all cores (default: ${DEFAULT-VALUE}).")
  private int threads;

  /** The thread count to use, at least 1. */
  public int threads() {
    if (threads < 0) {
      throw new IllegalArgumentException("--threads must be >= 0: " + threads);
    }
    return threads == 0 ? Runtime.getRuntime().availableProcessors() : threads;
  }
}
