package dev.samovar.client.jsonl;

import com.fasterxml.jackson.databind.JsonNode;
import dev.samovar.client.Json;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The JSONL file a resumable command writes: rows already there are loaded by key (so the command
 * can skip them), a last line cut off by a killed run is dropped, each new row is appended as one
 * whole line at once, and {@link #rewriteSorted} leaves one row per key in key order.
 *
 * @param <K> what identifies a row
 */
public final class JsonlOutput<K extends Comparable<K>> implements AutoCloseable {
  private final Path file;
  private final List<JsonlFile.Line> existing;
  private final Map<K, String> rows = new TreeMap<>();
  private final FileChannel channel;

  private JsonlOutput(
      Path file,
      List<JsonlFile.Line> existing,
      Function<JsonlFile.Line, K> key,
      FileChannel channel) {
    this.file = file;
    this.existing = existing;
    this.channel = channel;
    for (JsonlFile.Line line : existing) {
      rows.put(key.apply(line), line.text());
    }
  }

  /**
   * Opens {@code file} for appending, creating it and its folder when missing.
   *
   * @param key the key of a row
   * @param notes hears about a dropped incomplete last line
   */
  public static <K extends Comparable<K>> JsonlOutput<K> open(
      Path file, Function<JsonlFile.Line, K> key, Consumer<String> notes) {
    try {
      Path parent = file.toAbsolutePath().getParent();
      Files.createDirectories(parent);
      FileChannel channel =
          FileChannel.open(
              file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.READ);
      try {
        List<JsonlFile.Line> existing = loadComplete(file, channel, notes);
        channel.position(channel.size());
        return new JsonlOutput<>(file, existing, key, channel);
      } catch (RuntimeException | IOException e) {
        channel.close();
        throw e;
      }
    } catch (IOException e) {
      throw new JsonlException("cannot open " + file + " for writing: " + e.getMessage(), e);
    }
  }

  private static List<JsonlFile.Line> loadComplete(
      Path file, FileChannel channel, Consumer<String> notes) throws IOException {
    byte[] bytes = Files.readAllBytes(file);
    int end = bytes.length;
    while (end > 0 && bytes[end - 1] != '\n') {
      end--;
    }
    if (end < bytes.length) {
      channel.truncate(end);
      notes.accept(
          file
              + ": dropped an incomplete last line ("
              + (bytes.length - end)
              + " bytes) left by a run that was stopped while writing it");
    }
    return JsonlFile.parse(file, JsonlFile.readText(file));
  }

  /** The rows that were in the file when it was opened. */
  public List<JsonlFile.Line> existing() {
    return existing;
  }

  public synchronized boolean contains(K key) {
    return rows.containsKey(key);
  }

  /** Appends {@code row} as one line. */
  public synchronized void append(K key, JsonNode row) {
    String line = Json.line(row);
    ByteBuffer bytes = ByteBuffer.wrap((line + "\n").getBytes(StandardCharsets.UTF_8));
    try {
      while (bytes.hasRemaining()) {
        channel.write(bytes);
      }
    } catch (IOException e) {
      throw new JsonlException("cannot write to " + file + ": " + e.getMessage(), e);
    }
    rows.put(key, line);
  }

  /** Ends appending and rewrites the file with one row per key (the last written), in key order. */
  public synchronized void rewriteSorted() {
    close();
    StringBuilder text = new StringBuilder();
    rows.values().forEach(line -> text.append(line).append('\n'));
    try {
      AtomicFiles.replace(file, text.toString().getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new JsonlException("cannot rewrite " + file + ": " + e.getMessage(), e);
    }
  }

  @Override
  public synchronized void close() {
    try {
      channel.close();
    } catch (IOException e) {
      throw new JsonlException("cannot close " + file + ": " + e.getMessage(), e);
    }
  }
}
