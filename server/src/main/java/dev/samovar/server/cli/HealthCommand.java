package dev.samovar.server.cli;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code samovar health}: asks a running server's {@code /ready} and exits with 0 when it can
 * serve, 1 otherwise; the container's health check, which has no curl.
 */
@Command(
    name = "health",
    description = "Exit with 0 when the server at --url is ready, else 1.",
    usageHelpAutoWidth = true)
public final class HealthCommand implements Callable<Integer> {
  private static final Duration TIMEOUT = Duration.ofSeconds(5);

  private final Map<String, String> env;

  @Spec private CommandSpec spec;

  @Option(
      names = "--url",
      paramLabel = "URL",
      description =
          "The readiness URL (default: http://127.0.0.1:$SAMOVAR_PORT/ready, port 8080 unset).")
  private String url;

  /** A health check that finds the port in {@code SAMOVAR_PORT} of {@code env}. */
  public HealthCommand(Map<String, String> env) {
    this.env = Map.copyOf(env);
  }

  @Override
  public Integer call() throws InterruptedException {
    URI target =
        URI.create(
            url != null
                ? url
                : "http://127.0.0.1:" + env.getOrDefault("SAMOVAR_PORT", "8080") + "/ready");
    try (HttpClient client = HttpClient.newBuilder().connectTimeout(TIMEOUT).build()) {
      HttpResponse<String> response =
          client.send(
              HttpRequest.newBuilder(target).timeout(TIMEOUT).build(),
              HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() == 200) {
        spec.commandLine().getOut().println("ready");
        return 0;
      }
      spec.commandLine().getErr().println("not ready: HTTP " + response.statusCode());
      return 1;
    } catch (IOException e) {
      spec.commandLine().getErr().println("not ready: " + target + ": " + e);
      return 1;
    }
  }
}
