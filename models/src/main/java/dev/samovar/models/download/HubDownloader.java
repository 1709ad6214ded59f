package dev.samovar.models.download;

import dev.samovar.models.ByteSizes;
import dev.samovar.models.catalog.HubFile;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.UnresolvedAddressException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Downloads a file from the Hugging Face hub into the model cache.
 *
 * <p>A {@code HEAD} request to {@code {endpoint}/{repo}/resolve/{revision}/{file}} gives the file's
 * size, its Git LFS SHA-256 ({@code X-Linked-Etag}) and the commit ({@code X-Repo-Commit}), and
 * usually a redirect to the CDN that holds the bytes. The bytes go to {@code
 * file.<hash-prefix>.part} next to the target; after an interruption a {@code Range} request
 * resumes from the partial file, both within a run (a broken or stalled connection is retried) and
 * across runs. When every byte is there and its SHA-256 matches, the hash is recorded in {@code
 * file.sha256} and the partial file is renamed to the target atomically. A partial file whose whole
 * content does not match is deleted: there is no way to tell which part is wrong.
 *
 * <p>{@code HF_TOKEN} is sent as a Bearer token to the hub's own host only, never to the CDN.
 */
public final class HubDownloader {
  private static final int MAX_REDIRECTS = 10;
  private static final int BUFFER = 1 << 20;
  private static final String PARTIAL_SUFFIX = ".part";
  private static final int PARTIAL_HASH_DIGITS = 16;
  private static final Pattern CONTENT_RANGE = Pattern.compile("bytes (\\d+)-(\\d+)/(\\d+|\\*)");

  private final HubSettings hub;
  private final DownloadProgress progress;
  private final Options options;

  /**
   * How hard to try.
   *
   * @param attempts connection attempts in a row that may fail without bringing a byte before the
   *     download gives up
   * @param retryDelay the pause before a retry
   * @param stallTimeout how long a connection may send nothing before it is dropped and retried
   * @param connectTimeout how long to wait for a connection
   * @param freeSpace how much the cache directory can still take
   */
  public record Options(
      int attempts,
      Duration retryDelay,
      Duration stallTimeout,
      Duration connectTimeout,
      FreeSpace freeSpace) {
    /** 5 attempts 2 s apart, 60 s stall timeout, 30 s connect timeout, the real file store. */
    public static final Options DEFAULTS =
        new Options(
            5,
            Duration.ofSeconds(2),
            Duration.ofSeconds(60),
            Duration.ofSeconds(30),
            FreeSpace.fileStore());

    public Options {
      if (attempts < 1) {
        throw new IllegalArgumentException("attempts must be >= 1: " + attempts);
      }
      Objects.requireNonNull(retryDelay, "retryDelay");
      Objects.requireNonNull(stallTimeout, "stallTimeout");
      Objects.requireNonNull(connectTimeout, "connectTimeout");
      Objects.requireNonNull(freeSpace, "freeSpace");
    }
  }

  /**
   * A finished download.
   *
   * @param path the verified file
   * @param size its size in bytes
   * @param sha256 its SHA-256, as recorded next to it
   * @param commit the repository commit the hub served it from, if it said
   */
  public record Download(Path path, long size, String sha256, Optional<String> commit) {}

  public HubDownloader(HubSettings hub, DownloadProgress progress, Options options) {
    this.hub = Objects.requireNonNull(hub, "hub");
    this.progress = Objects.requireNonNull(progress, "progress");
    this.options = Objects.requireNonNull(options, "options");
  }

  /** The partial file of a download of {@code target} whose SHA-256 is {@code sha256}. */
  public static Path partialFile(Path target, String sha256) {
    return target.resolveSibling(
        target.getFileName() + "." + sha256.substring(0, PARTIAL_HASH_DIGITS) + PARTIAL_SUFFIX);
  }

  /** The partial files of downloads of {@code target}, whatever their hash. */
  public static List<Path> partialFiles(Path target) throws IOException {
    Path dir = target.toAbsolutePath().getParent();
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    Pattern name =
        Pattern.compile(
            Pattern.quote(target.getFileName() + ".")
                + "[0-9a-f]{"
                + PARTIAL_HASH_DIGITS
                + "}"
                + Pattern.quote(PARTIAL_SUFFIX));
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(f -> name.matcher(f.getFileName().toString()).matches()).toList();
    }
  }

  /**
   * Downloads {@code file} to {@code target}, resuming a partial download of the same content.
   *
   * @param pinnedSha256 the SHA-256 the catalog expects; the hub must report the same
   * @return the verified file
   * @throws DownloadException with a one-line message when the download fails
   */
  public Download download(HubFile file, Optional<String> pinnedSha256, Path target) {
    try (HttpClient client =
        HttpClient.newBuilder()
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(options.connectTimeout())
            .build()) {
      RemoteFile remote = probe(client, file);
      if (pinnedSha256.isPresent() && !pinnedSha256.get().equals(remote.sha256())) {
        throw new DownloadException(
            "the hub reports SHA-256 "
                + remote.sha256()
                + " for "
                + file
                + ", but the catalog pins "
                + pinnedSha256.get()
                + "; the file changed on the hub, so it was not downloaded");
      }
      return fetch(client, file, remote, target.toAbsolutePath());
    }
  }

  private RemoteFile probe(HttpClient client, HubFile file) {
    URI uri = hub.resolveUrl(file);
    for (int hop = 0; hop <= MAX_REDIRECTS; hop++) {
      HttpResponse<Void> response;
      try {
        response = client.send(request(uri).HEAD().build(), HttpResponse.BodyHandlers.discarding());
      } catch (IOException e) {
        throw unreachable(uri, e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new DownloadException("interrupted while asking " + uri + " about " + file, e);
      }
      int status = response.statusCode();
      HttpHeaders headers = response.headers();
      if (isRedirect(status)) {
        URI location = location(uri, headers);
        if (headers.firstValue("X-Linked-Etag").isEmpty() && sameServer(uri, location)) {
          uri = location;
          continue;
        }
        return remote(file, headers, location);
      }
      if (status == 200) {
        return remote(file, headers, uri);
      }
      throw refused(status, uri, file);
    }
    throw new DownloadException(
        "more than " + MAX_REDIRECTS + " redirects from " + hub.resolveUrl(file));
  }

  private RemoteFile remote(HubFile file, HttpHeaders headers, URI location) {
    String etag =
        headers
            .firstValue("X-Linked-Etag")
            .or(() -> headers.firstValue("ETag"))
            .map(HubDownloader::unquote)
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

  private Download fetch(HttpClient client, HubFile file, RemoteFile remote, Path target) {
    Path dir = target.getParent();
    Path part = partialFile(target, remote.sha256());
    MessageDigest digest = Sha256.digest();
    long have;
    try {
      Files.createDirectories(dir);
      for (Path stale : partialFiles(target)) {
        if (!stale.equals(part)) {
          Files.delete(stale);
        }
      }
      have = Files.exists(part) ? Files.size(part) : 0;
      if (have > remote.size()) {
        Files.delete(part);
        have = 0;
      }
      long needed = remote.size() - have;
      long usable = options.freeSpace().usableBytes(dir);
      if (usable < needed) {
        throw new DownloadException(
            "not enough disk space in "
                + dir
                + " for "
                + file.fileName()
                + ": it needs "
                + ByteSizes.decimal(needed)
                + " more, "
                + ByteSizes.decimal(usable)
                + " is free; free some space or pass --models-dir DIR on a larger disk");
      }
      if (have > 0) {
        Sha256.update(digest, part, have);
      }
    } catch (IOException e) {
      throw new DownloadException("cannot prepare the download into " + dir + ": " + e, e);
    }
    progress.started(file.fileName(), remote.size(), have);
    int failures = 0;
    while (have < remote.size()) {
      long before = have;
      try {
        have = transfer(client, file, remote, part, have, digest);
      } catch (TransferBroken broken) {
        have = broken.have;
        failures = have > before ? 1 : failures + 1;
        if (failures >= options.attempts()) {
          throw new DownloadException(
              "the download of "
                  + file
                  + " broke off at "
                  + ByteSizes.decimal(have)
                  + " of "
                  + ByteSizes.decimal(remote.size())
                  + " ("
                  + broken.getMessage()
                  + ") "
                  + options.attempts()
                  + " times in a row; run the command again to resume from there");
        }
        pause();
      }
    }
    String actual = Sha256.hex(digest);
    if (!actual.equals(remote.sha256())) {
      deleteQuietly(part);
      throw new DownloadException(
          "SHA-256 mismatch for "
              + file
              + ": the hub reports "
              + remote.sha256()
              + ", the downloaded bytes hash to "
              + actual
              + "; the download was deleted, run the command again");
    }
    try {
      Sha256.record(target, actual);
      Sha256.moveAtomically(part, target);
    } catch (IOException e) {
      throw new DownloadException("cannot move the download into " + target + ": " + e, e);
    }
    progress.finished(have);
    return new Download(target, remote.size(), actual, remote.commit());
  }

  /** One GET from {@code have} on; returns the bytes on disk when the response ended cleanly. */
  private long transfer(
      HttpClient client,
      HubFile file,
      RemoteFile remote,
      Path part,
      long have,
      MessageDigest digest)
      throws TransferBroken {
    URI uri = remote.location();
    HttpResponse<InputStream> response = null;
    for (int hop = 0; response == null; hop++) {
      HttpRequest.Builder request = request(uri).GET();
      if (have > 0) {
        request.header("Range", "bytes=" + have + "-");
      }
      HttpResponse<InputStream> answer;
      try {
        answer = client.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
      } catch (IOException e) {
        throw new TransferBroken(have, "no response from " + uri.getHost() + ": " + describe(e));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new DownloadException("interrupted while downloading " + file, e);
      }
      if (isRedirect(answer.statusCode()) && hop < MAX_REDIRECTS) {
        closeQuietly(answer.body());
        uri = location(uri, answer.headers());
      } else {
        response = answer;
      }
    }
    int status = response.statusCode();
    InputStream body = response.body();
    try {
      switch (status) {
        case 200 -> {
          if (have > 0) {
            digest.reset();
            have = 0;
          }
        }
        case 206 -> checkRange(response.headers(), have, uri);
        case 416 -> {
          if (have == remote.size()) {
            return have;
          }
          deleteQuietly(part);
          digest.reset();
          throw new TransferBroken(0, "the server refused to resume at byte " + have);
        }
        default -> {
          if (status == 429 || status >= 500) {
            throw new TransferBroken(have, "HTTP " + status + " from " + uri.getHost());
          }
          throw refused(status, uri, file);
        }
      }
      have = copy(body, part, have, remote.size(), digest, file);
    } finally {
      closeQuietly(body);
    }
    if (have < remote.size()) {
      throw new TransferBroken(
          have, "the connection closed after " + have + " of " + remote.size() + " bytes");
    }
    return have;
  }

  private long copy(
      InputStream body, Path part, long from, long size, MessageDigest digest, HubFile file)
      throws TransferBroken {
    long have = from;
    byte[] buffer = new byte[BUFFER];
    try (FileChannel out =
            FileChannel.open(part, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        StallGuard guard = StallGuard.watch(body, options.stallTimeout())) {
      if (from == 0) {
        out.truncate(0);
      }
      out.position(from);
      while (true) {
        int n;
        try {
          n = body.read(buffer);
        } catch (IOException e) {
          throw new TransferBroken(
              have,
              guard.stalled()
                  ? "no data for " + ByteSizes.duration(options.stallTimeout())
                  : "the connection broke after "
                      + have
                      + " of "
                      + size
                      + " bytes: "
                      + describe(e));
        }
        if (n < 0) {
          return have;
        }
        guard.touch();
        if (n > size - have) {
          deleteQuietly(part);
          throw new DownloadException(
              "the server sent more than the "
                  + size
                  + " bytes the hub reported for "
                  + file
                  + "; the download was deleted");
        }
        ByteBuffer bytes = ByteBuffer.wrap(buffer, 0, n);
        while (bytes.hasRemaining()) {
          out.write(bytes);
        }
        digest.update(buffer, 0, n);
        have += n;
        progress.advanced(have);
      }
    } catch (IOException e) {
      throw new DownloadException(
          "cannot write " + part + ": " + e.getMessage() + " (is the disk full?)", e);
    }
  }

  private static void checkRange(HttpHeaders headers, long have, URI uri) {
    String range = headers.firstValue("Content-Range").orElse("");
    Matcher matcher = CONTENT_RANGE.matcher(range);
    if (!matcher.matches() || Long.parseLong(matcher.group(1)) != have) {
      throw new DownloadException(
          uri.getHost()
              + " answered a request for bytes "
              + have
              + "- with Content-Range '"
              + range
              + "'; delete the .part file and run the command again");
    }
  }

  private HttpRequest.Builder request(URI uri) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(uri)
            .header("User-Agent", "samovar")
            .header("Accept-Encoding", "identity");
    if (hub.sameOrigin(uri)) {
      hub.token().ifPresent(token -> request.header("Authorization", "Bearer " + token));
    }
    return request;
  }

  private DownloadException refused(int status, URI uri, HubFile file) {
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

  private DownloadException unreachable(URI uri, IOException e) {
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
  private static String describe(IOException e) {
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

  private static boolean causedBy(Throwable e, Class<? extends Throwable> type) {
    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
      if (type.isInstance(cause)) {
        return true;
      }
    }
    return false;
  }

  private static boolean isRedirect(int status) {
    return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
  }

  private static URI location(URI from, HttpHeaders headers) {
    String location =
        headers
            .firstValue("Location")
            .orElseThrow(
                () -> new DownloadException(from + " redirects without a Location header"));
    try {
      return from.resolve(new URI(location));
    } catch (java.net.URISyntaxException e) {
      throw new DownloadException(from + " redirects to an invalid URL: " + location, e);
    }
  }

  private static boolean sameServer(URI a, URI b) {
    return Objects.equals(a.getScheme(), b.getScheme())
        && Objects.equals(a.getAuthority(), b.getAuthority());
  }

  private void pause() {
    try {
      Thread.sleep(options.retryDelay());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new DownloadException("interrupted while waiting to retry the download", e);
    }
  }

  private static void deleteQuietly(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      // what is left is a partial file that the next download replaces
    }
  }

  private static void closeQuietly(InputStream body) {
    try {
      body.close();
    } catch (IOException e) {
      // the response is over either way: its bytes were read or are not needed
    }
  }

  /** A transfer ended before the last byte; {@link #have} bytes are on disk and hashed. */
  private static final class TransferBroken extends Exception {
    final long have;

    TransferBroken(long have, String message) {
      super(message, null, false, false);
      this.have = have;
    }
  }
}
