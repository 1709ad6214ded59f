package dev.samovar.models.download;

import dev.samovar.models.ByteSizes;
import dev.samovar.models.catalog.HubFile;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One {@code GET} of a file's bytes into its partial file, from where the partial file ends on (a
 * {@code Range} request), hashing them on the way. A connection that breaks, stalls or is answered
 * with a temporary error ends it with {@link TransferBroken}, so that the caller can try again from
 * the bytes on disk; anything a retry cannot fix is a {@link DownloadException}.
 */
final class RangeTransfer {
  private static final int BUFFER = 1 << 20;
  private static final Pattern CONTENT_RANGE = Pattern.compile("bytes (\\d+)-(\\d+)/(\\d+|\\*)");

  private final HubHttp http;
  private final DownloadProgress progress;
  private final Duration stallTimeout;

  /**
   * @param stallTimeout how long a connection may send nothing before it is dropped
   */
  RangeTransfer(HubHttp http, DownloadProgress progress, Duration stallTimeout) {
    this.http = http;
    this.progress = progress;
    this.stallTimeout = stallTimeout;
  }

  /** One GET from {@code have} on; returns the bytes on disk when the response ended cleanly. */
  long transfer(
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
      HttpRequest.Builder request = http.request(uri).GET();
      if (have > 0) {
        request.header("Range", "bytes=" + have + "-");
      }
      HttpResponse<InputStream> answer;
      try {
        answer = client.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
      } catch (IOException e) {
        throw new TransferBroken(
            have, "no response from " + uri.getHost() + ": " + HubHttp.describe(e));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new DownloadException("interrupted while downloading " + file, e);
      }
      if (HubHttp.isRedirect(answer.statusCode()) && hop < HubHttp.MAX_REDIRECTS) {
        HubHttp.closeQuietly(answer.body());
        uri = HubHttp.location(uri, answer.headers());
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
          PartialFiles.deleteQuietly(part);
          digest.reset();
          throw new TransferBroken(0, "the server refused to resume at byte " + have);
        }
        default -> {
          if (status == 429 || status >= 500) {
            throw new TransferBroken(have, "HTTP " + status + " from " + uri.getHost());
          }
          throw http.refused(status, uri, file);
        }
      }
      have = copy(body, part, have, remote.size(), digest, file);
    } finally {
      HubHttp.closeQuietly(body);
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
        StallGuard guard = StallGuard.watch(body, stallTimeout)) {
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
                  ? "no data for " + ByteSizes.duration(stallTimeout)
                  : "the connection broke after "
                      + have
                      + " of "
                      + size
                      + " bytes: "
                      + HubHttp.describe(e));
        }
        if (n < 0) {
          return have;
        }
        guard.touch();
        if (n > size - have) {
          PartialFiles.deleteQuietly(part);
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

  /** A transfer ended before the last byte; {@link #have} bytes are on disk and hashed. */
  static final class TransferBroken extends Exception {
    final long have;

    TransferBroken(long have, String message) {
      super(message, null, false, false);
      this.have = have;
    }
  }
}
