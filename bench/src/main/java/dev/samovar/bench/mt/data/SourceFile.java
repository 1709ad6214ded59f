package dev.samovar.bench.mt.data;

import java.net.URI;
import java.nio.file.Path;
import java.util.Objects;

/**
 * A file of a public GitHub repository at a pinned commit.
 *
 * @param repository owner/name
 * @param commit the full commit hash
 * @param path the file's path in the repository
 */
public record SourceFile(String repository, String commit, String path) {
  /** Where GitHub serves raw files. */
  public static final URI GITHUB_RAW = URI.create("https://raw.githubusercontent.com/");

  public SourceFile {
    Objects.requireNonNull(repository, "repository");
    Objects.requireNonNull(commit, "commit");
    Objects.requireNonNull(path, "path");
    if (!repository.matches("[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+")) {
      throw new IllegalArgumentException("repository must be owner/name: " + repository);
    }
    if (!commit.matches("[0-9a-f]{40}")) {
      throw new IllegalArgumentException("commit must be a full commit hash: " + commit);
    }
    if (path.startsWith("/") || path.contains("..") || path.isBlank()) {
      throw new IllegalArgumentException("path must be relative inside the repository: " + path);
    }
  }

  /** The file's URL under a raw-file server such as {@link #GITHUB_RAW}. */
  public URI uri(URI server) {
    String base = server.toString().endsWith("/") ? server.toString() : server + "/";
    return URI.create(base + repository + "/" + commit + "/" + path);
  }

  /** Where the file is kept under a cache folder: {@code owner/name/commit/path}. */
  public Path cachePath(Path cacheDir) {
    return cacheDir.resolve(repository).resolve(commit).resolve(path);
  }
}
