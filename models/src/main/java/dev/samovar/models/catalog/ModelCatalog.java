package dev.samovar.models.catalog;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeType;
import dev.samovar.models.tiny.TinyModel;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The models samovar knows by id, read from {@code catalog.json} next to this class: the published
 * GGUF files of the Russian Llama-3 fine-tune and the built-in tiny test model. Its format is
 * described by the {@code notes} in the file.
 */
public final class ModelCatalog {
  private static final String RESOURCE = "catalog.json";
  private static final ObjectMapper JSON = JsonMapper.builder().build();
  private static final Set<String> TOP_LEVEL = Set.of("notes", "default", "models");
  private static final Set<String> HUB_FIELDS =
      Set.of("id", "description", "repo", "revision", "file", "approximate_size", "sha256");
  private static final Set<String> BUILT_IN_FIELDS = Set.of("id", "description", "builtin");

  /** Looks like a catalog id ({@code name:tag}) rather than a file name. */
  private static final Pattern ID_LIKE =
      Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*:[A-Za-z0-9._-]+");

  private final List<CatalogEntry> entries;
  private final CatalogEntry.Hub defaultEntry;

  private ModelCatalog(List<CatalogEntry> entries, CatalogEntry.Hub defaultEntry) {
    this.entries = List.copyOf(entries);
    this.defaultEntry = defaultEntry;
  }

  private static final class BuiltInHolder {
    static final ModelCatalog CATALOG = load();

    private static ModelCatalog load() {
      try (InputStream in = ModelCatalog.class.getResourceAsStream(RESOURCE)) {
        if (in == null) {
          throw new IllegalStateException("the model catalog resource " + RESOURCE + " is missing");
        }
        return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read the model catalog", e);
      }
    }
  }

  /** The catalog that ships with samovar. */
  public static ModelCatalog builtIn() {
    return BuiltInHolder.CATALOG;
  }

  /**
   * A catalog from its JSON text.
   *
   * @throws IllegalArgumentException naming the entry and field at fault when the text is not a
   *     valid catalog
   */
  public static ModelCatalog parse(String json) {
    JsonNode root;
    try {
      root = JSON.readTree(json);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("catalog is not valid JSON: " + e.getOriginalMessage(), e);
    }
    if (root == null || !root.isObject()) {
      throw new IllegalArgumentException("catalog is not a JSON object");
    }
    onlyFields(root, TOP_LEVEL, "catalog");
    JsonNode models = root.get("models");
    if (models == null || !models.isArray() || models.isEmpty()) {
      throw new IllegalArgumentException("catalog has no 'models' array");
    }
    List<CatalogEntry> entries = new ArrayList<>();
    Set<String> ids = new HashSet<>();
    for (int i = 0; i < models.size(); i++) {
      CatalogEntry entry = entry(models.get(i), "catalog entry " + i);
      if (!ids.add(entry.id())) {
        throw new IllegalArgumentException("catalog has id '" + entry.id() + "' twice");
      }
      entries.add(entry);
    }
    String defaultId = text(root, "default", "catalog");
    CatalogEntry.Hub defaultEntry =
        entries.stream()
            .filter(e -> e.id().equals(defaultId) && e instanceof CatalogEntry.Hub)
            .map(CatalogEntry.Hub.class::cast)
            .findFirst()
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "catalog default '" + defaultId + "' is not a published model in it"));
    return new ModelCatalog(entries, defaultEntry);
  }

  private static CatalogEntry entry(JsonNode node, String where) {
    if (!node.isObject()) {
      throw new IllegalArgumentException(where + " is not a JSON object");
    }
    String id = text(node, "id", where);
    String at = where + " ('" + id + "')";
    String description = text(node, "description", at);
    if (node.has("builtin")) {
      onlyFields(node, BUILT_IN_FIELDS, at);
      if (!node.get("builtin").isBoolean() || !node.get("builtin").booleanValue()) {
        throw new IllegalArgumentException(at + ": 'builtin' must be true when present");
      }
      if (!id.equals(TinyModel.MODEL_ID)) {
        throw new IllegalArgumentException(
            at + ": the only built-in model is '" + TinyModel.MODEL_ID + "'");
      }
      return new CatalogEntry.BuiltIn(id, description);
    }
    onlyFields(node, HUB_FIELDS, at);
    JsonNode size = node.get("approximate_size");
    if (size == null || !size.canConvertToLong() || !size.isIntegralNumber()) {
      throw new IllegalArgumentException(at + ": 'approximate_size' must be a number of bytes");
    }
    JsonNode sha256 = node.get("sha256");
    if (sha256 == null || !(sha256.isNull() || sha256.isTextual())) {
      throw new IllegalArgumentException(
          at + ": 'sha256' must be the file's SHA-256 or null when it is not known");
    }
    try {
      return new CatalogEntry.Hub(
          id,
          description,
          new HubFile(text(node, "repo", at), text(node, "revision", at), text(node, "file", at)),
          size.longValue(),
          sha256.isNull() ? Optional.empty() : Optional.of(sha256.textValue()));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(at + ": " + e.getMessage(), e);
    }
  }

  private static String text(JsonNode node, String field, String where) {
    JsonNode value = node.get(field);
    if (value == null
        || value.getNodeType() != JsonNodeType.STRING
        || value.textValue().isBlank()) {
      throw new IllegalArgumentException(where + ": '" + field + "' must be a non-empty string");
    }
    return value.textValue();
  }

  private static void onlyFields(JsonNode node, Set<String> allowed, String where) {
    for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!allowed.contains(name)) {
        throw new IllegalArgumentException(where + ": unknown field '" + name + "'");
      }
    }
  }

  /** Every entry, in catalog order. */
  public List<CatalogEntry> entries() {
    return entries;
  }

  /** The entry with {@code id}, if there is one. */
  public Optional<CatalogEntry> find(String id) {
    return entries.stream().filter(e -> e.id().equals(id)).findFirst();
  }

  /** The model {@code samovar serve} runs when no model is given. */
  public CatalogEntry.Hub defaultEntry() {
    return defaultEntry;
  }

  /**
   * What a {@code --model} value names: a catalog id when this catalog has it, a hub file for
   * {@code hf://owner/repo/file.gguf}, otherwise a local path.
   *
   * @throws IllegalArgumentException for a malformed {@code hf://} value, an unknown id that is no
   *     file either, or an invalid path
   */
  public ModelReference reference(String value) {
    if (value.isBlank()) {
      throw new IllegalArgumentException("the model must not be empty");
    }
    Optional<CatalogEntry> entry = find(value);
    if (entry.isPresent()) {
      return new ModelReference.Catalog(entry.get());
    }
    if (value.startsWith(HubFile.SCHEME)) {
      return new ModelReference.Hub(HubFile.parse(value));
    }
    Path path;
    try {
      path = Path.of(value);
    } catch (InvalidPathException e) {
      throw new IllegalArgumentException("'" + value + "' is not a valid path: " + e.getReason());
    }
    if (ID_LIKE.matcher(value).matches() && !Files.exists(path)) {
      throw new IllegalArgumentException(
          "unknown model id '"
              + value
              + "'; the catalog has "
              + String.join(", ", ids())
              + " (see samovar models list)");
    }
    return new ModelReference.Local(path);
  }

  /** The ids, in catalog order. */
  public List<String> ids() {
    return entries.stream().map(CatalogEntry::id).toList();
  }
}
