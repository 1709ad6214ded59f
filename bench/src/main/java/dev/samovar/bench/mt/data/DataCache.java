package dev.samovar.bench.mt.data;

import dev.samovar.bench.BenchException;
import dev.samovar.client.jsonl.AtomicFiles;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Downloads pinned source files once and keeps them in a cache folder. The first download writes
 * the file's SHA-256 next to it ({@code NAME.sha256}, in sha256sum's format); every later use
 * checks the file against it, and a download made again (the file was deleted) must match it too.
 */
public final class DataCache {
  private static final Duration TIMEOUT = Duration.ofSeconds(60);

  private final Path dir;
  private final URI server;
  private final Consumer<String> notes;

  /**
   * @param dir the cache folder
   * @param server the raw-file server, {@link SourceFile#GITHUB_RAW} outside tests
   * @param notes hears about downloads
   */
  public DataCache(Path dir, URI server, Consumer<String> notes) {
    this.dir = Objects.requireNonNull(dir, "dir");
    this.server = Objects.requireNonNull(server, "server");
    this.notes = Objects.requireNonNull(notes, "notes");
  }

  /** {@code $XDG_CACHE_HOME/samovar/mt-bench}, or {@code ~/.cache/samovar/mt-bench}. */
  public static Path defaultDir(Map<String, String> env) {
    String xdg = env.get("XDG_CACHE_HOME");
    Path base =
        xdg != null && !xdg.isBlank()
            ? Path.of(xdg)
            : Path.of(System.getProperty("user.home"), ".cache");
    return base.resolve("samovar").resolve("mt-bench");
  }

  /**
   * The cached file, downloaded first when missing.
   *
   * @throws BenchException when the download fails or the file does not match its recorded SHA-256
   */
  public Path fetch(SourceFile source) throws InterruptedException {
    Path file = source.cachePath(dir);
    Path record = file.resolveSibling(file.getFileName() + ".sha256");
    Optional<String> recorded = readRecord(record);
    URI uri = source.uri(server);
    if (recorded.isPresent() && Files.isRegularFile(file)) {
      String actual = sha256(readBytes(file));
      if (!actual.equals(recorded.get())) {
        throw new BenchException(
            file
                + " changed after it was downloaded from "
                + uri
                + ": its SHA-256 is "
                + actual
                + ", the first download's was "
                + recorded.get()
                + "; delete it to download it again");
      }
      return file;
    }
    notes.accept("downloading " + uri);
    byte[] bytes = download(uri);
    String actual = sha256(bytes);
    if (recorded.isPresent() && !actual.equals(recorded.get())) {
      throw new BenchException(
          uri
              + " has SHA-256 "
              + actual
              + " now, but "
              + recorded.get()
              + " at its first download (recorded in "
              + record
              + "); the pinned file is not what it was, so it is not used");
    }
    try {
      Files.createDirectories(file.getParent());
      AtomicFiles.replace(file, bytes);
      if (recorded.isEmpty()) {
        AtomicFiles.replace(
            record, (actual + "  " + file.getFileName() + "\n").getBytes(StandardCharsets.UTF_8));
      }
    } catch (IOException e) {
      throw new BenchException("cannot write " + file + ": " + e.getMessage(), e);
    }
    notes.accept("saved " + file + " (SHA-256 " + actual + ")");
    return file;
  }

  private static byte[] download(URI uri) throws InterruptedException {
    try (HttpClient http =
        HttpClient.newBuilder()
            .connectTimeout(TIMEOUT)
            .followRedirects(HttpClient.Redirect.NORMAL)
            .build()) {
      HttpResponse<byte[]> response =
          http.send(
              HttpRequest.newBuilder(uri).timeout(TIMEOUT).GET().build(),
              HttpResponse.BodyHandlers.ofByteArray());
      if (response.statusCode() != 200) {
        throw new BenchException("cannot download " + uri + ": HTTP " + response.statusCode());
      }
      return response.body();
    } catch (IOException e) {
      throw new BenchException(
          "cannot download "
              + uri
              + ": "
              + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage())
              + "; without network access pass local files (--questions, --judge-prompts,"
              + " --reference)",
          e);
    }
  }

  private static Optional<String> readRecord(Path record) {
    if (!Files.isRegularFile(record)) {
      return Optional.empty();
    }
    String text = new String(readBytes(record), StandardCharsets.UTF_8).strip();
    String hash = text.split("\\s+", 2)[0];
    if (!hash.matches("[0-9a-f]{64}")) {
      throw new BenchException(record + " does not start with a SHA-256; delete it and its file");
    }
    return Optional.of(hash);
  }

  private static byte[] readBytes(Path file) {
    try {
      return Files.readAllBytes(file);
    } catch (IOException e) {
      throw new BenchException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }
}
