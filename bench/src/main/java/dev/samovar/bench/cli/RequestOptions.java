package dev.samovar.bench.cli;

import dev.samovar.client.RetryPolicy;
import picocli.CommandLine;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/** How requests are sent: how many at once and how failed ones are tried again. */
public final class RequestOptions {
  @Option(
      names = "--parallel",
      defaultValue = "1",
      paramLabel = "N",
      description =
          "Questions answered, or answers judged, at once (default: ${DEFAULT-VALUE}, as"
              + " FastChat).")
  private int parallel;

  @Option(
      names = "--retries",
      defaultValue = "16",
      paramLabel = "N",
      description =
          "Tries per request in all when it fails with 429, 5xx or a network error"
              + " (default: ${DEFAULT-VALUE}, FastChat's API_MAX_RETRY).")
  private int retries;

  @Option(
      names = "--retry-wait",
      defaultValue = "10",
      paramLabel = "SECONDS",
      description =
          "Pause between tries when the server sends no Retry-After"
              + " (default: ${DEFAULT-VALUE}, FastChat's API_RETRY_SLEEP).")
  private double retryWait;

  /** Requests at once; checked by the run's settings. */
  int parallel() {
    return parallel;
  }

  RetryPolicy retryPolicy(CommandLine commandLine) {
    try {
      return RetryPolicy.fromOptions(retries, retryWait);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(commandLine, e.getMessage());
    }
  }
}
