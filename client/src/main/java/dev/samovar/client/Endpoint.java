package dev.samovar.client;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Objects;
import java.util.Optional;

/**
 * An OpenAI-compatible API: its chat completions URL and the API key sent as a bearer token.
 *
 * @param chatCompletions the {@code .../chat/completions} URL
 * @param apiKey the key, or empty for endpoints without authentication (a local server)
 */
public record Endpoint(URI chatCompletions, Optional<String> apiKey) {
  public Endpoint {
    Objects.requireNonNull(chatCompletions, "chatCompletions");
    Objects.requireNonNull(apiKey, "apiKey");
  }

  /**
   * The endpoint at an OpenAI base URL that includes the version, such as {@code
   * http://127.0.0.1:8080/v1} or {@code https://api.openai.com/v1}.
   *
   * @throws IllegalArgumentException when {@code baseUrl} is not an http(s) URL
   */
  public static Endpoint of(String baseUrl, Optional<String> apiKey) {
    URI base;
    try {
      base = new URI(baseUrl.strip());
    } catch (URISyntaxException e) {
      throw notABaseUrl(baseUrl);
    }
    String scheme = base.getScheme();
    if (!("http".equals(scheme) || "https".equals(scheme))
        || base.getHost() == null
        || base.getQuery() != null
        || base.getFragment() != null) {
      throw notABaseUrl(baseUrl);
    }
    String text = base.toString();
    while (text.endsWith("/")) {
      text = text.substring(0, text.length() - 1);
    }
    return new Endpoint(URI.create(text + "/chat/completions"), apiKey);
  }

  private static IllegalArgumentException notABaseUrl(String baseUrl) {
    return new IllegalArgumentException(
        "expected an http(s) base URL including the API version, such as"
            + " http://127.0.0.1:8080/v1: "
            + baseUrl);
  }
}
