package dev.samovar.bench.mt;

import com.fasterxml.jackson.databind.JsonNode;
import dev.samovar.bench.BenchException;
import java.util.ArrayList;
import java.util.List;

/** Typed field access on JSONL rows that fails with the file, line and field at fault. */
final class Fields {
  private Fields() {}

  static JsonNode required(JsonNode object, String field, String where) {
    JsonNode value = object.get(field);
    if (value == null || value.isNull()) {
      throw new BenchException(where + ": missing field \"" + field + "\"");
    }
    return value;
  }

  static int integer(JsonNode object, String field, String where) {
    JsonNode value = required(object, field, where);
    if (!value.isIntegralNumber() || !value.canConvertToInt()) {
      throw new BenchException(where + ": \"" + field + "\" must be an integer, not " + value);
    }
    return value.intValue();
  }

  static String text(JsonNode object, String field, String where) {
    JsonNode value = required(object, field, where);
    if (!value.isTextual()) {
      throw new BenchException(where + ": \"" + field + "\" must be a string, not " + value);
    }
    return value.textValue();
  }

  /**
   * A non-empty array of strings; a number or boolean among them becomes the text Python's str()
   * gives it, as FastChat would put it into a prompt.
   */
  static List<String> texts(JsonNode value, String field, String where) {
    if (value == null || !value.isArray() || value.isEmpty()) {
      throw new BenchException(where + ": \"" + field + "\" must be a non-empty array of strings");
    }
    List<String> texts = new ArrayList<>(value.size());
    for (JsonNode item : value) {
      texts.add(
          PythonStr.of(item)
              .orElseThrow(
                  () ->
                      new BenchException(
                          where + ": \"" + field + "\" must hold strings only, not " + item)));
    }
    return List.copyOf(texts);
  }
}
