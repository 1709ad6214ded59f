package dev.samovar.server.ops;

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
      if (key.isBlank()) {
        throw new IllegalArgumentException("an API key must not be empty");
      }
    }
    if (maxBodyBytes < 1) {
      throw new IllegalArgumentException("the body size limit must be positive: " + maxBodyBytes);
    }
    if (rateLimit < 0) {
      throw new IllegalArgumentException("the rate limit must be >= 0: " + rateLimit);
    }
  }
}
