package dev.samovar.models.download;

import dev.samovar.models.ByteSizes;
import dev.samovar.models.catalog.HubFile;
import java.io.IOException;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Downloads a file from the Hugging Face hub into the model cache.
 *
 * <p>A {@code HEAD} request to {@code {endpoint}/{repo}/resolve/{revision}/{file}} gives the file's
 * size, its Git LFS SHA-256 ({@code X-Linked-Etag}) and the commit ({@code X-Repo-Commit}), and
 * usually a redirect to the CDN that holds the bytes ({@link HubProbe}). The bytes go to {@code
 * file.<hash-prefix>.part} next to the target; after an interruption a {@code Range} request
 * resumes from the partial file ({@link RangeTransfer}), both within a run (a broken or stalled
 * connection is retried) and across runs. When every byte is there and its SHA-256 matches, the
 * hash is recorded in {@code file.sha256} and the partial file is renamed to the target atomically.
 * A partial file whose whole content does not match is deleted: there is no way to tell which part
 * is wrong.
 *
 * <p>{@code HF_TOKEN} is sent as a Bearer token to the hub's own host only, never to the CDN.
 */
public final class HubDownloader {
  private final DownloadProgress progress;
  private final Options options;
  private final HubProbe probe;
  private final RangeTransfer transfer;

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
    Objects.requireNonNull(hub, "hub");
    this.progress = Objects.requireNonNull(progress, "progress");
    this.options = Objects.requireNonNull(options, "options");
    HubHttp http = new HubHttp(hub);
    this.probe = new HubProbe(hub, http);
    this.transfer = new RangeTransfer(http, progress, options.stallTimeout());
  }

  /** The partial file of a download of {@code target} whose SHA-256 is {@code sha256}. */
  public static Path partialFile(Path target, String sha256) {
    return PartialFiles.of(target, sha256);
  }

  /** The partial files of downloads of {@code target}, whatever their hash. */
  public static List<Path> partialFiles(Path target) throws IOException {
    return PartialFiles.all(target);
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
      RemoteFile remote = probe.probe(client, file);
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
        have = transfer.transfer(client, file, remote, part, have, digest);
      } catch (RangeTransfer.TransferBroken broken) {
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
      PartialFiles.deleteQuietly(part);
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

  private void pause() {
    try {
      Thread.sleep(options.retryDelay());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new DownloadException("interrupted while waiting to retry the download", e);
    }
  }
}
