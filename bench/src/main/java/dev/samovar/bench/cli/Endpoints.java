package dev.samovar.bench.cli;

import dev.samovar.client.Endpoint;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

/** Builds endpoints from a URL option and the environment variable that holds the API key. */
final class Endpoints {
  private Endpoints() {}

  static Endpoint of(
      CommandLine commandLine,
      Map<String, String> env,
      String urlOption,
      String url,
      String keyOption,
      String keyVariable) {
    Optional<String> key = Optional.empty();
    if (keyVariable != null) {
      String value = env.get(keyVariable);
      if (value == null || value.isBlank()) {
        throw new ParameterException(
            commandLine,
            keyOption + " names " + keyVariable + ", which is not set in the environment");
      }
      key = Optional.of(value.strip());
    }
    try {
      return Endpoint.of(url, key);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(commandLine, urlOption + ": " + e.getMessage());
    }
  }
}
