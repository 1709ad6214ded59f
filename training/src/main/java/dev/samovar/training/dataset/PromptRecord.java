package dev.samovar.training.dataset;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.samovar.client.Json;
import dev.samovar.client.jsonl.JsonlFile;
import dev.samovar.training.TrainingException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * One prompt of a {@code prompts.jsonl} file: {@code {"id": "...", "language": "Russian", "lang":
 * "ru", "turns": ["first human message", ...]}}, one object a line.
 *
 * @param id unique within the file
 * @param language the language's English name, as the published dataset writes it
 * @param lang its ISO 639-1 code
 * @param turns the human turns, at least one, none blank
 */
public record PromptRecord(String id, String language, String lang, List<String> turns) {
  public PromptRecord {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(language, "language");
    Objects.requireNonNull(lang, "lang");
    turns = List.copyOf(turns);
    if (id.isBlank()) {
      throw new IllegalArgumentException("a prompt id must not be blank");
    }
    if (turns.isEmpty() || turns.stream().anyMatch(String::isBlank)) {
      throw new IllegalArgumentException(
          "prompt " + id + ": turns must be non-blank, at least one");
    }
  }

  /** Every prompt of {@code file}; ids must be unique. */
  public static List<PromptRecord> read(Path file) {
    List<PromptRecord> prompts = new ArrayList<>();
    Set<String> ids = new HashSet<>();
    for (JsonlFile.Line line : JsonlFile.read(file)) {
      PromptRecord prompt = fromJson(line.json(), line.where());
      if (!ids.add(prompt.id())) {
        throw new TrainingException(line.where() + ": the id \"" + prompt.id() + "\" is repeated");
      }
      prompts.add(prompt);
    }
    return prompts;
  }

  /** Writes {@code prompts} to {@code file}, one line each. */
  public static void write(Path file, List<PromptRecord> prompts) throws IOException {
    StringBuilder text = new StringBuilder();
    prompts.forEach(prompt -> text.append(Json.line(prompt.toJson())).append('\n'));
    Files.writeString(file, text, StandardCharsets.UTF_8);
  }

  /** The record as JSON. */
  public ObjectNode toJson() {
    ObjectNode json = Json.MAPPER.createObjectNode();
    json.put("id", id).put("language", language).put("lang", lang);
    turns.forEach(json.putArray("turns")::add);
    return json;
  }

  /** The record in {@code json}; {@code where} names the line in messages. */
  public static PromptRecord fromJson(JsonNode json, String where) {
    List<String> turns = new ArrayList<>();
    JsonNode array = json.path("turns");
    if (!array.isArray() || array.isEmpty()) {
      throw new TrainingException(where + ": \"turns\" must be a non-empty array of strings");
    }
    for (JsonNode turn : array) {
      if (!turn.isTextual() || turn.textValue().isBlank()) {
        throw new TrainingException(where + ": \"turns\" must hold non-blank strings");
      }
      turns.add(turn.textValue());
    }
    String id = text(json, "id", where);
    if (id.isBlank()) {
      throw new TrainingException(where + ": \"id\" must not be blank");
    }
    return new PromptRecord(id, text(json, "language", where), text(json, "lang", where), turns);
  }

  private static String text(JsonNode json, String field, String where) {
    JsonNode value = json.get(field);
    if (value == null) {
      throw new TrainingException(where + ": missing field \"" + field + "\"");
    }
    if (!value.isTextual()) {
      throw new TrainingException(where + ": \"" + field + "\" must be a string, not " + value);
    }
    return value.textValue();
  }
}
