package dev.samovar.client.jsonl;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.samovar.client.Json;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Reads JSONL files: one JSON object a line, blank lines ignored, errors naming file and line. */
public final class JsonlFile {
  /**
   * One line of a JSONL file.
   *
   * @param where the file name and line number, for messages
   * @param text the line as written
   * @param json its object
   */
  public record Line(String where, String text, JsonNode json) {}

  private JsonlFile() {}

  /** Every non-blank line of {@code file}, each a JSON object. */
  public static List<Line> read(Path file) {
    return parse(file, readText(file));
  }

  static String readText(Path file) {
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .decode(java.nio.ByteBuffer.wrap(Files.readAllBytes(file)))
          .toString();
    } catch (NoSuchFileException e) {
      throw new JsonlException("no such file: " + file);
    } catch (CharacterCodingException e) {
      throw new JsonlException(file + " is not UTF-8 text");
    } catch (IOException e) {
      throw new JsonlException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  static List<Line> parse(Path file, String text) {
    List<Line> lines = new ArrayList<>();
    String[] rows = text.split("\n", -1);
    for (int i = 0; i < rows.length; i++) {
      String row = rows[i].endsWith("\r") ? rows[i].substring(0, rows[i].length() - 1) : rows[i];
      if (row.isBlank()) {
        continue;
      }
      String where = file.getFileName() + " line " + (i + 1);
      JsonNode json;
      try {
        json = Json.MAPPER.readTree(row);
      } catch (JacksonException e) {
        throw new JsonlException(where + ": not valid JSON: " + e.getOriginalMessage());
      }
      if (json == null || !json.isObject()) {
        throw new JsonlException(where + ": expected a JSON object");
      }
      lines.add(new Line(where, row, json));
    }
    return lines;
  }
}
