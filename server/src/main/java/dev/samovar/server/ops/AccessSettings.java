package dev.samovar.server.ops;

import dev.samovar.engine.InvalidSettingException;
import java.util.List;

/**
 * Who may call the server and what it logs.
 *
 * @param apiKeys accepted API keys; empty means no key is needed
 * @param metricsRequireKey whether {@code /metrics} needs a key too
 * @param corsOrigins origins allowed to call from a browser; empty means same-origin only, {@code
 *     *} any
 * @param maxBodyBytes the largest request body; larger ones get 413
 * @param rateLimit requests per minute and key (or per client address without keys); 0 = none
 * @param logPrompts whether access-log lines carry the request body and the output text
 */
public record AccessSettings(
    List<String> apiKeys,
    boolean metricsRequireKey,
    List<String> corsOrigins,
    long maxBodyBytes,
    int rateLimit,
    boolean logPrompts) {

  /** No keys, same-origin only, 1 MiB bodies, no rate limit, no prompts in the log. */
  public static final AccessSettings OPEN =
      new AccessSettings(List.of(), false, List.of(), 1 << 20, 0, false);

  public AccessSettings {
    apiKeys = List.copyOf(apiKeys);
    corsOrigins = List.copyOf(corsOrigins);
    for (String key : apiKeys) {
      InvalidSettingException.require(!key.isBlank(), "api-key", "must not be empty");
    }
    for (String origin : corsOrigins) {
      InvalidSettingException.require(
          origin.equals("*") || origin.matches("https?://[^/\\s]+"),
          "cors-origin",
          "must be * or scheme://host[:port]: " + origin);
    }
    InvalidSettingException.atLeast("max-body-size", maxBodyBytes, 1);
    InvalidSettingException.atLeast("rate-limit", rateLimit, 0);
  }
}
