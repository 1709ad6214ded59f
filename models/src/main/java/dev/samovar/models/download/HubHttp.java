package dev.samovar.models.download;

import dev.samovar.models.catalog.HubFile;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.util.Objects;

/**
 * HTTP as the downloader speaks it to the hub and its CDN: requests that send {@code HF_TOKEN} to
 * the hub's own host only, redirects followed by hand, and one-line messages for a refusal or an
 * unreachable server.
 */
final class HubHttp {
  /** The most redirects a request follows. */
  static final int MAX_REDIRECTS = 10;

  private final HubSettings hub;

  HubHttp(HubSettings hub) {
    this.hub = hub;
  }

  /** A request for {@code uri}, with the token when it goes to the hub itself. */
  HttpRequest.Builder request(URI uri) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(uri)
            .header("User-Agent", "samovar")
            .header("Accept-Encoding", "identity");
    if (hub.sameOrigin(uri)) {
      hub.token().ifPresent(token -> request.header("Authorization", "Bearer " + token));
    }
    return request;
  }

  /** The failure for an HTTP {@code status} that no retry changes, saying what to do about it. */
  DownloadException refused(int status, URI uri, HubFile file) {
    String token = HubSettings.TOKEN_VARIABLE;
    String howTo =
        "accept its terms at "
            + hub.endpoint()
            + "/"
            + file.repo()
            + " and set "
            + token
            + "=hf_... to an access token of that account ("
            + hub.endpoint()
            + "/settings/tokens)";
    boolean hasToken = hub.token().isPresent();
    String message =
        switch (status) {
          case 401 ->
              hasToken
                  ? "the hub refused the token in " + token + ": it is invalid or expired; " + howTo
                  : file.repo() + " is gated or private; " + howTo;
          case 403 ->
              hasToken
                  ? "the token in " + token + " has no access to " + file.repo() + "; " + howTo
                  : file.repo() + " is gated; " + howTo;
          case 404 ->
              "no file "
                  + file.file()
                  + " at revision "
                  + file.revision()
                  + " of "
                  + file.repo()
                  + " (is the repository, revision or file name wrong?)";
          default -> "unexpected answer";
        };
    return new DownloadException("HTTP " + status + " from " + uri + ": " + message);
  }

  /** The failure for a server that cannot be reached at all. */
  static DownloadException unreachable(URI uri, IOException e) {
    return new DownloadException(
        "cannot reach "
            + uri.getScheme()
            + "://"
            + uri.getAuthority()
            + " ("
            + describe(e)
            + "); check the network or "
            + HubSettings.ENDPOINT_VARIABLE
            + ", or download the file another way and pass --model PATH.gguf",
        e);
  }

  /** What went wrong with a connection, in a few words. */
  static String describe(IOException e) {
    if (causedBy(e, UnknownHostException.class) || causedBy(e, UnresolvedAddressException.class)) {
      return "unknown host";
    }
    if (causedBy(e, HttpConnectTimeoutException.class)) {
      return "connection timed out";
    }
    if (causedBy(e, HttpTimeoutException.class)) {
      return "timed out";
    }
    if (causedBy(e, ConnectException.class)) {
      return "connection refused";
    }
    Throwable root = e;
    while (root.getCause() != null) {
      root = root.getCause();
    }
    return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
  }

  static boolean isRedirect(int status) {
    return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
  }

  /** Where a redirect from {@code from} leads. */
  static URI location(URI from, HttpHeaders headers) {
    String location =
        headers
            .firstValue("Location")
            .orElseThrow(
                () -> new DownloadException(from + " redirects without a Location header"));
    try {
      return from.resolve(new URI(location));
    } catch (URISyntaxException e) {
      throw new DownloadException(from + " redirects to an invalid URL: " + location, e);
    }
  }

  /** Whether {@code a} and {@code b} name the same scheme, host and port. */
  static boolean sameServer(URI a, URI b) {
    return Objects.equals(a.getScheme(), b.getScheme())
        && Objects.equals(a.getAuthority(), b.getAuthority());
  }

  /** Closes a response body that is read or not needed. */
  static void closeQuietly(InputStream body) {
    try {
      body.close();
    } catch (IOException e) {
      // the response is over either way: its bytes were read or are not needed
    }
  }

  private static boolean causedBy(Throwable e, Class<? extends Throwable> type) {
    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
      if (type.isInstance(cause)) {
        return true;
      }
    }
    return false;
  }
}
