package dev.samovar.models.download;

import dev.samovar.models.catalog.HubFile;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpResponse;
import java.util.Locale;
import java.util.OptionalLong;

/**
 * Asks the hub about a file before it is downloaded: a {@code HEAD} request to {@code
 * {endpoint}/{repo}/resolve/{revision}/{file}}, following redirects on the hub's own server, gives
 * the file's size, its Git LFS SHA-256 ({@code X-Linked-Etag}) and the commit ({@code
 * X-Repo-Commit}), and usually a redirect to the CDN that holds the bytes.
 */
final class HubProbe {
  private final HubSettings hub;
  private final HubHttp http;

  HubProbe(HubSettings hub, HubHttp http) {
    this.hub = hub;
    this.http = http;
  }

  /** What the hub says about {@code file}. */
  RemoteFile probe(HttpClient client, HubFile file) {
    URI uri = hub.resolveUrl(file);
    for (int hop = 0; hop <= HubHttp.MAX_REDIRECTS; hop++) {
      HttpResponse<Void> response;
      try {
        response =
            client.send(http.request(uri).HEAD().build(), HttpResponse.BodyHandlers.discarding());
      } catch (IOException e) {
        throw HubHttp.unreachable(uri, e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new DownloadException("interrupted while asking " + uri + " about " + file, e);
      }
      int status = response.statusCode();
      HttpHeaders headers = response.headers();
      if (HubHttp.isRedirect(status)) {
        URI location = HubHttp.location(uri, headers);
        if (headers.firstValue("X-Linked-Etag").isEmpty() && HubHttp.sameServer(uri, location)) {
          uri = location;
          continue;
        }
        return remote(file, headers, location);
      }
      if (status == 200) {
        return remote(file, headers, uri);
      }
      throw http.refused(status, uri, file);
    }
    throw new DownloadException(
        "more than " + HubHttp.MAX_REDIRECTS + " redirects from " + hub.resolveUrl(file));
  }

  private RemoteFile remote(HubFile file, HttpHeaders headers, URI location) {
    String etag =
        headers
            .firstValue("X-Linked-Etag")
            .or(() -> headers.firstValue("ETag"))
            .map(HubProbe::unquote)
            .orElse("");
    if (!Sha256.isHex(etag)) {
      throw new DownloadException(
          hub.resolveUrl(file)
              + " reports no SHA-256 (X-Linked-Etag or ETag is '"
              + etag
              + "'), so the download could not be verified; is "
              + hub.endpoint()
              + " a Hugging Face hub serving an LFS file?");
    }
    OptionalLong size =
        headers.firstValueAsLong("X-Linked-Size").isPresent()
            ? headers.firstValueAsLong("X-Linked-Size")
            : headers.firstValueAsLong("Content-Length");
    if (size.isEmpty() || size.getAsLong() <= 0) {
      throw new DownloadException(
          hub.resolveUrl(file) + " reports no size (X-Linked-Size or Content-Length)");
    }
    return new RemoteFile(location, size.getAsLong(), etag, headers.firstValue("X-Repo-Commit"));
  }

  private static String unquote(String etag) {
    String value = etag.strip();
    if (value.startsWith("W/")) {
      value = value.substring(2);
    }
    if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
      value = value.substring(1, value.length() - 1);
    }
    return value.toLowerCase(Locale.ROOT);
  }
}
