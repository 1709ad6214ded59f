package dev.samovar.bench.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.samovar.client.Endpoint;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * The second endpoint of {@code bench load}, measured in the same run as the first, level by level
 * in alternating order, so that the report can show the ratios between them.
 */
public final class CompareOptions {
  @Option(
      names = "--compare-endpoint",
      paramLabel = "URL2",
      description =
          "A second endpoint measured in the same run, level by level in alternating order; the"
              + " report shows the ratios compare / main.")
  private String endpoint;

  @Option(
      names = "--compare-model",
      paramLabel = "NAME2",
      description = "The model to ask the second endpoint for (default: --model).")
  private String model;

  @Option(
      names = "--compare-api-key-env",
      paramLabel = "VAR",
      description = "Environment variable that holds the second endpoint's API key.")
  private String apiKeyEnv;

  /** The model to ask the second endpoint for: {@code --compare-model}, else {@code mainModel}. */
  String model(String mainModel) {
    return model != null ? model : mainModel;
  }

  /** Fails unless the options are given together: an endpoint with a model, no strays. */
  void check(CommandLine commandLine, String mainModel) {
    String secondModel = model(mainModel);
    if (endpoint != null && (secondModel == null || secondModel.isBlank())) {
      throw new ParameterException(
          commandLine, "--compare-endpoint needs --compare-model or --model");
    }
    if (endpoint == null && (model != null || apiKeyEnv != null)) {
      throw new ParameterException(
          commandLine, "--compare-model and --compare-api-key-env need --compare-endpoint");
    }
  }

  /** The second endpoint with its API key from {@code env}, if one is asked for. */
  Optional<Endpoint> endpoint(CommandLine commandLine, Map<String, String> env) {
    return endpoint == null
        ? Optional.empty()
        : Optional.of(
            Endpoints.of(
                commandLine,
                env,
                "--compare-endpoint",
                endpoint,
                "--compare-api-key-env",
                apiKeyEnv));
  }

  /** Adds the second endpoint and its model (or nulls) to the report's configuration. */
  void describe(ObjectNode config, String mainModel) {
    config.put("compare_endpoint", endpoint);
    config.put("compare_model", endpoint == null ? null : model(mainModel));
  }
}
