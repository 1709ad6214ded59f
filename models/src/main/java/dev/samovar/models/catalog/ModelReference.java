package dev.samovar.models.catalog;

import java.nio.file.Path;
import java.util.Objects;

/**
 * What a {@code --model} value on the command line names: a catalog id, a hub file ({@code
 * hf://owner/repo/file.gguf}) or a local GGUF file; {@link ModelCatalog#reference} reads one.
 */
public sealed interface ModelReference {
  /** What the reference is, for messages: the id, the hf:// URI or the path. */
  String display();

  /**
   * A catalog entry.
   *
   * @param entry the entry
   */
  record Catalog(CatalogEntry entry) implements ModelReference {
    public Catalog {
      Objects.requireNonNull(entry, "entry");
    }

    @Override
    public String display() {
      return entry.id();
    }
  }

  /**
   * A file on the hub that the catalog does not list.
   *
   * @param file the file
   */
  record Hub(HubFile file) implements ModelReference {
    public Hub {
      Objects.requireNonNull(file, "file");
    }

    @Override
    public String display() {
      return file.uri();
    }
  }

  /**
   * A local file.
   *
   * @param path the file
   */
  record Local(Path path) implements ModelReference {
    public Local {
      Objects.requireNonNull(path, "path");
    }

    @Override
    public String display() {
      return path.toString();
    }
  }
}
