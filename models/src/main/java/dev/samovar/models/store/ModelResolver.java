package dev.samovar.models.store;

import dev.samovar.models.catalog.CatalogEntry;
import dev.samovar.models.catalog.HubFile;
import dev.samovar.models.catalog.ModelReference;
import dev.samovar.models.download.HubDownloader;
import dev.samovar.models.tiny.TinyModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * Turns a model reference into a file on disk: a catalog or hub model from the cache, downloaded
 * first when it is missing (unless offline), the tiny model written on first use, a local file as
 * it is.
 */
public final class ModelResolver {
  private static final String GGUF = ".gguf";

  private final ModelStore store;
  private final Optional<HubDownloader> downloader;

  /**
   * @param downloader how to download a missing model; empty in offline mode
   */
  public ModelResolver(ModelStore store, Optional<HubDownloader> downloader) {
    this.store = Objects.requireNonNull(store, "store");
    this.downloader = Objects.requireNonNull(downloader, "downloader");
  }

  /** The store models are cached in. */
  public ModelStore store() {
    return store;
  }

  /**
   * The file of {@code reference}, downloading or writing it when it is missing.
   *
   * @throws IllegalArgumentException when a local file is missing or unreadable
   * @throws ModelUnavailableException when a hub model is missing and this resolver is offline
   * @throws dev.samovar.models.download.DownloadException when the download fails
   */
  public ResolvedModel resolve(ModelReference reference) {
    return resolve(reference, true);
  }

  /**
   * The file of {@code reference} as it is now: never downloads (the tiny model is still written on
   * first use).
   *
   * @throws IllegalArgumentException when a local file is missing or unreadable
   * @throws ModelUnavailableException when a hub model is not downloaded
   */
  public ResolvedModel resolveCached(ModelReference reference) {
    return resolve(reference, false);
  }

  private ResolvedModel resolve(ModelReference reference, boolean mayDownload) {
    return switch (reference) {
      case ModelReference.Catalog(CatalogEntry.BuiltIn builtIn) -> {
        Path path = store.location(builtIn);
        if (!Files.isRegularFile(path)) {
          TinyModel.write(path);
        }
        yield new ResolvedModel(path, builtIn.id());
      }
      case ModelReference.Catalog(CatalogEntry.Hub hub) ->
          new ResolvedModel(fromHub(hub.id(), hub.file(), hub.sha256(), mayDownload), hub.id());
      case ModelReference.Hub(HubFile file) ->
          new ResolvedModel(
              fromHub(file.uri(), file, Optional.empty(), mayDownload), servedId(file.fileName()));
      case ModelReference.Local(Path path) -> {
        if (!Files.isRegularFile(path) || !Files.isReadable(path)) {
          throw new IllegalArgumentException(
              "no readable model file at "
                  + path.toAbsolutePath()
                  + "; pass a catalog id (samovar models list), hf://owner/repo/file.gguf or"
                  + " PATH.gguf");
        }
        yield new ResolvedModel(path, servedId(path.getFileName().toString()));
      }
    };
  }

  private Path fromHub(
      String name, HubFile file, Optional<String> pinnedSha256, boolean mayDownload) {
    Path path = store.location(file);
    if (Files.isRegularFile(path)) {
      return path;
    }
    if (!mayDownload) {
      throw new ModelUnavailableException(
          name
              + " is not downloaded ("
              + path
              + " is missing); run 'samovar models pull "
              + name
              + "' first");
    }
    if (downloader.isEmpty()) {
      throw new ModelUnavailableException(
          name
              + " is not downloaded ("
              + path
              + " is missing) and offline mode forbids the network; run 'samovar models pull "
              + name
              + "' while online, or pass --model PATH.gguf");
    }
    return downloader.get().download(file, pinnedSha256, path).path();
  }

  /** A file's name without {@code .gguf}, the id a file outside the catalog is served under. */
  static String servedId(String fileName) {
    boolean suffixed = fileName.endsWith(GGUF) && fileName.length() > GGUF.length();
    return suffixed ? fileName.substring(0, fileName.length() - GGUF.length()) : fileName;
  }
}
