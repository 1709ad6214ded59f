package dev.samovar.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.samovar.server.api.Json;
import dev.samovar.server.ops.StoreSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Stored responses: each response object with the input items of its whole conversation (so that
 * {@code previous_response_id} can continue it), in a bounded memory cache and, where a folder is
 * set, as {@code <id>.json} files written whole (a temporary file renamed into place).
 */
final class ResponseStore {
  private static final Pattern ID = Pattern.compile("resp_[0-9a-f]{32}");

  /** A stored response and the input items that led to it. */
  record Stored(ObjectNode response, List<ObjectNode> input) {
    Stored {
      input = List.copyOf(input);
    }
  }

  private final Cache<String, Stored> memory;
  private final Path dir;

  ResponseStore(StoreSettings settings) {
    // Evictions run on the caller, so that the bound holds as soon as a put returns.
    this.memory =
        Caffeine.newBuilder().maximumSize(settings.maxEntries()).executor(Runnable::run).build();
    this.dir = settings.dir();
  }

  void put(Stored stored) {
    String id = stored.response().get("id").asText();
    memory.put(id, stored);
    if (dir == null) {
      return;
    }
    ObjectNode file = Json.MAPPER.createObjectNode();
    file.set("response", stored.response());
    file.putArray("input").addAll(stored.input());
    try {
      Files.createDirectories(dir);
      Path temporary = Files.createTempFile(dir, id, ".tmp");
      Files.write(temporary, Json.MAPPER.writeValueAsBytes(file));
      try {
        Files.move(temporary, file(id), StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temporary, file(id), StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot store response " + id + " in " + dir, e);
    }
  }

  Optional<Stored> get(String id) {
    if (!ID.matcher(id).matches()) {
      return Optional.empty();
    }
    Stored stored = memory.getIfPresent(id);
    if (stored != null || dir == null || !Files.isRegularFile(file(id))) {
      return Optional.ofNullable(stored);
    }
    try {
      JsonNode file = Json.MAPPER.readTree(file(id).toFile());
      List<ObjectNode> input = new ArrayList<>();
      file.get("input").forEach(item -> input.add((ObjectNode) item));
      stored = new Stored((ObjectNode) file.get("response"), input);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read stored response " + file(id), e);
    }
    memory.put(id, stored);
    return Optional.of(stored);
  }

  /** Removes a response; false when none had the id. */
  boolean delete(String id) {
    if (!ID.matcher(id).matches()) {
      return false;
    }
    boolean inMemory = memory.asMap().remove(id) != null;
    if (dir == null) {
      return inMemory;
    }
    try {
      return Files.deleteIfExists(file(id)) || inMemory;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete stored response " + file(id), e);
    }
  }

  private Path file(String id) {
    return dir.resolve(id + ".json");
  }
}
