package dev.samovar.training.dataset;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.samovar.training.TrainingException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One prompt of a dataset: the human turns of a source conversation, in order, with its id and
 * language. Stored as one JSON object a line: {@code {"id": ..., "language": "Russian", "lang":
 * "ru", "turns": ["...", ...]}}.
 *
 * @param id the source conversation's id
 * @param language the language's English name, e.g. "Russian"
 * @param lang its ISO 639-1 code, e.g. "ru"
 * @param turns the human messages, at least one
 */
public record PromptRecord(String id, String language, String lang, List<String> turns) {
  private static final ObjectMapper JSON = new ObjectMapper();

  public PromptRecord {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(language, "language");
    Objects.requireNonNull(lang, "lang");
    turns = List.copyOf(turns);
    if (turns.isEmpty()) {
      throw new IllegalArgumentException("a prompt needs at least one turn: " + id);
    }
  }

  /** This record as one line of JSON, without the line break. */
  public String toJson() {
    ObjectNode node = JSON.createObjectNode();
    node.put("id", id);
    node.put("language", language);
    node.put("lang", lang);
    ArrayNode array = node.putArray("turns");
    turns.forEach(array::add);
    try {
      return JSON.writeValueAsString(node);
    } catch (JacksonException e) {
      throw new IllegalStateException("cannot write a JSON tree", e);
    }
  }

  /**
   * The record in {@code line}.
   *
   * @throws IllegalArgumentException saying what is wrong with the line
   */
  public static PromptRecord fromJson(String line) {
    JsonNode node;
    try {
      node = JSON.readTree(line);
    } catch (JacksonException e) {
      throw new IllegalArgumentException("not valid JSON: " + e.getOriginalMessage());
    }
    if (node == null || !node.isObject()) {
      throw new IllegalArgumentException("expected a JSON object");
    }
    JsonNode turns = node.get("turns");
    if (turns == null || !turns.isArray() || turns.isEmpty()) {
      throw new IllegalArgumentException("\"turns\" must be a non-empty array of strings");
    }
    List<String> texts = new ArrayList<>(turns.size());
    for (JsonNode turn : turns) {
      if (!turn.isTextual()) {
        throw new IllegalArgumentException("\"turns\" must hold strings only, not " + turn);
      }
      texts.add(turn.textValue());
    }
    return new PromptRecord(
        text(node, "id"), text(node, "language"), text(node, "lang"), List.copyOf(texts));
  }

  /**
   * Every record of a prompts file; blank lines are ignored.
   *
   * @throws TrainingException naming {@code FILE:LINE} of the first line that is not a record or
   *     repeats an earlier record's id
   */
  public static List<PromptRecord> read(Path file) throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new TrainingException("prompts file not found: " + file);
    }
    List<PromptRecord> records = new ArrayList<>();
    Map<String, Integer> lines = new HashMap<>();
    try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      int number = 0;
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        number++;
        if (line.isBlank()) {
          continue;
        }
        PromptRecord record;
        try {
          record = fromJson(line);
        } catch (IllegalArgumentException e) {
          throw new TrainingException(file + ":" + number + ": " + e.getMessage());
        }
        Integer first = lines.putIfAbsent(record.id(), number);
        if (first != null) {
          throw new TrainingException(
              file + ":" + number + ": id \"" + record.id() + "\" already used at line " + first);
        }
        records.add(record);
      }
    }
    return records;
  }

  /** Writes {@code records}, one a line, to {@code out}. */
  public static void write(List<PromptRecord> records, Writer out) throws IOException {
    for (PromptRecord record : records) {
      out.write(record.toJson());
      out.write('\n');
    }
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    if (value == null || !value.isTextual()) {
      throw new IllegalArgumentException(
          "\"" + field + "\" must be a string, not " + (value == null ? "missing" : value));
    }
    return value.textValue();
  }
}
