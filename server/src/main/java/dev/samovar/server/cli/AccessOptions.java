package dev.samovar.server.cli;

import dev.samovar.engine.InvalidSettingException;
import dev.samovar.server.ops.AccessSettings;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** Who may call {@code serve}'s API and how much: keys, CORS, body size, rate limit, logging. */
public final class AccessOptions {
  @Option(
      names = "--api-key",
      split = ",",
      paramLabel = "KEY",
      description =
          "API key that clients send as 'Authorization: Bearer KEY' or 'X-Api-Key: KEY';"
              + " repeatable (env SAMOVAR_API_KEYS, comma-separated). Without keys the API is open.")
  private List<String> apiKeys = new ArrayList<>();

  @Option(
      names = "--api-key-file",
      paramLabel = "FILE",
      description = "File with one API key per line (blank lines and # comments are skipped).")
  private String apiKeyFile;

  @Option(
      names = "--allow-unauthenticated",
      description =
          "Serve on an address other machines reach (--host other than loopback) without API keys;"
              + " refused otherwise.")
  private boolean allowUnauthenticated;

  @Option(
      names = "--metrics-require-key",
      description = "Require an API key for /metrics too (default: open, like vLLM).")
  private boolean metricsRequireKey;

  @Option(
      names = "--rate-limit",
      defaultValue = "0",
      paramLabel = "PER_MINUTE",
      description =
          "Requests per minute per API key (per client address without keys); beyond: 429 with"
              + " Retry-After; 0 means none (default: ${DEFAULT-VALUE}).")
  private int rateLimit;

  @Option(
      names = "--cors-origin",
      split = ",",
      paramLabel = "ORIGIN",
      description =
          "Origin allowed to call the API from a browser (https://host:port, or * for any);"
              + " repeatable. Default: same-origin only.")
  private List<String> corsOrigins = new ArrayList<>();

  @Option(
      names = "--max-body-size",
      defaultValue = "1048576",
      paramLabel = "BYTES",
      description = "Largest request body; larger ones get 413 (default: ${DEFAULT-VALUE}).")
  private long maxBodySize;

  @Option(
      names = "--log-prompts",
      description = "Put request bodies and generated text into the access log (default: off).")
  private boolean logPrompts;

  /**
   * The settings for a server listening on {@code host}.
   *
   * @throws InvalidSettingException for a value out of range, an unreadable key file, or an address
   *     other machines reach without keys and without {@code --allow-unauthenticated}
   */
  AccessSettings settings(String host) {
    List<String> keys = new ArrayList<>();
    for (String key : apiKeys) {
      InvalidSettingException.require(!key.isBlank(), "api-key", "must not be empty");
      keys.add(key.strip());
    }
    if (apiKeyFile != null) {
      keys.addAll(keyFile());
    }
    InvalidSettingException.require(
        !keys.isEmpty() || allowUnauthenticated || loopback(host),
        "host",
        host
            + " is reachable from other machines and no API key is set: give keys (--api-key,"
            + " --api-key-file, SAMOVAR_API_KEYS) or serve openly with --allow-unauthenticated"
            + " (SAMOVAR_ALLOW_UNAUTHENTICATED=1)");
    return new AccessSettings(
        keys, metricsRequireKey, corsOrigins, maxBodySize, rateLimit, logPrompts);
  }

  private List<String> keyFile() {
    List<String> keys = new ArrayList<>();
    try {
      for (String line : Files.readAllLines(Path.of(apiKeyFile))) {
        if (!line.isBlank() && !line.strip().startsWith("#")) {
          keys.add(line.strip());
        }
      }
    } catch (IOException e) {
      throw new InvalidSettingException("api-key-file", "cannot be read: " + e);
    }
    InvalidSettingException.require(!keys.isEmpty(), "api-key-file", "has no key: " + apiKeyFile);
    return keys;
  }

  /** Whether {@code host} is a loopback address (a name that does not resolve is not). */
  private static boolean loopback(String host) {
    try {
      return InetAddress.getByName(host).isLoopbackAddress();
    } catch (UnknownHostException e) {
      return false;
    }
  }
}
