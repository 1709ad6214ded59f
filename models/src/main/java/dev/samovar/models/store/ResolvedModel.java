package dev.samovar.models.store;

import java.nio.file.Path;
import java.util.Objects;

/**
 * A model file ready on disk and the id it is served under.
 *
 * @param path the GGUF file
 * @param id the catalog id, or for other files the file name without {@code .gguf}
 */
public record ResolvedModel(Path path, String id) {
  public ResolvedModel {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(id, "id");
  }
}
