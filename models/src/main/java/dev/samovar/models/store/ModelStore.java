package dev.samovar.models.store;

import dev.samovar.models.catalog.CatalogEntry;
import dev.samovar.models.catalog.HubFile;
import dev.samovar.models.download.HubDownloader;
import dev.samovar.models.download.Sha256;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The model cache directory ({@code --models-dir}): a hub file lives at {@code
 * <root>/<owner>/<repo>/<file>} with its checksum file {@code <file>.sha256} and, while it
 * downloads, a partial file {@code <file>.<hash-prefix>.part}; the built-in tiny model is {@code
 * <root>/tiny.gguf}.
 */
public final class ModelStore {
  private final Path root;

  public ModelStore(Path root) {
    this.root = root.toAbsolutePath().normalize();
  }

  /** The cache directory. */
  public Path root() {
    return root;
  }

  /** Where {@code file} is cached. */
  public Path location(HubFile file) {
    Path path = root.resolve(file.repo()).resolve(file.file()).normalize();
    if (!path.startsWith(root)) {
      throw new IllegalArgumentException(file + " would be cached outside " + root);
    }
    return path;
  }

  /** Where the model of {@code entry} is cached or written. */
  public Path location(CatalogEntry entry) {
    return switch (entry) {
      case CatalogEntry.Hub hub -> location(hub.file());
      case CatalogEntry.BuiltIn builtIn -> root.resolve(builtIn.id() + ".gguf");
    };
  }

  /**
   * How much of {@code model} is in the cache.
   *
   * @param complete whether the file is there
   * @param bytes its size, or the size of its partial download when it is not complete, or 0
   */
  public record State(boolean complete, long bytes) {}

  /** How much of {@code model} is in the cache. */
  public State state(Path model) throws IOException {
    if (Files.isRegularFile(model)) {
      return new State(true, Files.size(model));
    }
    long partial = 0;
    for (Path part : HubDownloader.partialFiles(model)) {
      partial = Math.max(partial, Files.size(part));
    }
    return new State(false, partial);
  }

  /**
   * Deletes {@code model}, its checksum file and its partial downloads.
   *
   * @return the files deleted; empty when none was there
   */
  public List<Path> remove(Path model) throws IOException {
    List<Path> candidates = new ArrayList<>();
    candidates.add(model);
    candidates.add(Sha256.checksumFile(model));
    candidates.addAll(HubDownloader.partialFiles(model));
    List<Path> deleted = new ArrayList<>();
    for (Path file : candidates) {
      if (Files.deleteIfExists(file)) {
        deleted.add(file);
      }
    }
    return deleted;
  }
}
