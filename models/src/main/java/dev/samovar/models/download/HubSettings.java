package dev.samovar.models.download;

import dev.samovar.models.catalog.HubFile;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Where the Hugging Face hub is and how to authenticate to it.
 *
 * @param endpoint the hub's base URL, without a trailing slash
 * @param token an access token for gated or private repositories, sent as a Bearer token to the
 *     endpoint's host only
 */
public record HubSettings(URI endpoint, Optional<String> token) {
  /** The public hub. */
  public static final URI DEFAULT_ENDPOINT = URI.create("https://huggingface.co");

  /** The environment variable with the hub's base URL (as huggingface_hub reads it). */
  public static final String ENDPOINT_VARIABLE = "HF_ENDPOINT";

  /** The environment variable with the access token (as huggingface_hub reads it). */
  public static final String TOKEN_VARIABLE = "HF_TOKEN";

  public HubSettings {
    Objects.requireNonNull(endpoint, "endpoint");
    Objects.requireNonNull(token, "token");
    String scheme = endpoint.getScheme();
    if (!endpoint.isAbsolute()
        || endpoint.getHost() == null
        || !(scheme.equals("http") || scheme.equals("https"))
        || endpoint.getQuery() != null
        || endpoint.getFragment() != null) {
      throw new IllegalArgumentException(
          "the hub endpoint must be an http(s) URL without query, such as "
              + DEFAULT_ENDPOINT
              + ": "
              + endpoint);
    }
    String text = endpoint.toString();
    while (text.endsWith("/")) {
      text = text.substring(0, text.length() - 1);
    }
    endpoint = URI.create(text);
    token = token.filter(t -> !t.isBlank()).map(String::strip);
  }

  /**
   * The endpoint from {@value #ENDPOINT_VARIABLE} (default {@code https://huggingface.co}) and the
   * token from {@value #TOKEN_VARIABLE}.
   *
   * @throws IllegalArgumentException when {@value #ENDPOINT_VARIABLE} is not an http(s) URL
   */
  public static HubSettings fromEnvironment(Map<String, String> env) {
    String endpoint = env.get(ENDPOINT_VARIABLE);
    URI uri;
    try {
      uri = endpoint == null || endpoint.isBlank() ? DEFAULT_ENDPOINT : new URI(endpoint.strip());
    } catch (java.net.URISyntaxException e) {
      throw new IllegalArgumentException(
          ENDPOINT_VARIABLE + " is not a URL: " + endpoint + " (" + e.getReason() + ")", e);
    }
    try {
      return new HubSettings(uri, Optional.ofNullable(env.get(TOKEN_VARIABLE)));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(ENDPOINT_VARIABLE + ": " + e.getMessage(), e);
    }
  }

  /** {@code {endpoint}/{repo}/resolve/{revision}/{file}}, each segment percent-encoded. */
  public URI resolveUrl(HubFile file) {
    StringBuilder url = new StringBuilder(endpoint.toString());
    url.append('/').append(file.repo()).append("/resolve/").append(encode(file.revision()));
    for (String segment : file.file().split("/")) {
      url.append('/').append(encode(segment));
    }
    return URI.create(url.toString());
  }

  /** Whether {@code uri} is on the endpoint's scheme, host and port, so it may see the token. */
  boolean sameOrigin(URI uri) {
    return endpoint.getScheme().equalsIgnoreCase(uri.getScheme())
        && endpoint.getHost().equalsIgnoreCase(uri.getHost())
        && port(endpoint) == port(uri);
  }

  private static int port(URI uri) {
    if (uri.getPort() >= 0) {
      return uri.getPort();
    }
    return "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
  }

  private static String encode(String segment) {
    return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
