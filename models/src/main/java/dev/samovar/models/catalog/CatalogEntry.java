package dev.samovar.models.catalog;

import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/** A model the catalog knows by id: a file published on the hub, or one built locally. */
public sealed interface CatalogEntry {
  /** The id; the model is served under it. */
  String id();

  /** What the model is, in a few words. */
  String description();

  /**
   * A GGUF file published on the Hugging Face hub.
   *
   * @param id the catalog id
   * @param description what it is
   * @param file where it is published
   * @param approximateSize its size as the hub lists it, in bytes
   * @param sha256 its Git LFS SHA-256 (64 lowercase hex digits), when known
   */
  record Hub(
      String id, String description, HubFile file, long approximateSize, Optional<String> sha256)
      implements CatalogEntry {
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

    public Hub {
      Objects.requireNonNull(id, "id");
      Objects.requireNonNull(description, "description");
      Objects.requireNonNull(file, "file");
      Objects.requireNonNull(sha256, "sha256");
      if (approximateSize <= 0) {
        throw new IllegalArgumentException(
            "approximate size of " + id + " must be positive: " + approximateSize);
      }
      sha256.ifPresent(
          hash -> {
            if (!SHA256.matcher(hash).matches()) {
              throw new IllegalArgumentException(
                  "sha256 of " + id + " is not 64 lowercase hex digits: " + hash);
            }
          });
    }
  }

  /**
   * A model written locally on first use instead of downloaded (the tiny test model).
   *
   * @param id the catalog id
   * @param description what it is
   */
  record BuiltIn(String id, String description) implements CatalogEntry {
    public BuiltIn {
      Objects.requireNonNull(id, "id");
      Objects.requireNonNull(description, "description");
    }
  }
}
