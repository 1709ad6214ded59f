package dev.samovar.models.download;

import java.net.URI;
import java.util.Objects;
import java.util.Optional;

/**
 * What the hub says about a file before it is downloaded.
 *
 * @param location where its bytes are (the hub redirects large files to a CDN)
 * @param size its exact size in bytes ({@code X-Linked-Size} or {@code Content-Length})
 * @param sha256 its Git LFS SHA-256 ({@code X-Linked-Etag} or {@code ETag}), lowercase hex
 * @param commit the repository commit the revision resolved to ({@code X-Repo-Commit}), if sent
 */
public record RemoteFile(URI location, long size, String sha256, Optional<String> commit) {
  public RemoteFile {
    Objects.requireNonNull(location, "location");
    Objects.requireNonNull(sha256, "sha256");
    Objects.requireNonNull(commit, "commit");
  }
}
