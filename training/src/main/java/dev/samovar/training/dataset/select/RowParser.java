package dev.samovar.training.dataset.select;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads one Tagengo-format row from its JSON: {@code conversation_id}, {@code conversations} (a
 * list of {@code {"from": "human"|"gpt", "value": ...}}), {@code language} and {@code
 * lang_detect_result} ({@code {"lang": ..., "score": ...}}). Other fields ({@code response}) are
 * not used. Both JSONL lines and Parquet rows (as DuckDB writes them to JSON) come through here.
 */
final class RowParser {
  private static final ObjectMapper JSON = new ObjectMapper();

  private RowParser() {}

  /**
   * The row in {@code json}.
   *
   * @throws MalformedRowException saying what is wrong, with the row's language when known
   */
  static SourceRow parse(String json) throws MalformedRowException {
    JsonNode row;
    try {
      row = JSON.readTree(json);
    } catch (JacksonException e) {
      throw new MalformedRowException("not valid JSON: " + e.getOriginalMessage(), null);
    }
    if (row == null || !row.isObject()) {
      throw new MalformedRowException("expected a JSON object", null);
    }
    String lang = lang(row);
    return new SourceRow(id(row, lang), lang, humanTurns(row, lang));
  }

  private static String lang(JsonNode row) throws MalformedRowException {
    JsonNode detected = row.get("lang_detect_result");
    if (detected != null && !detected.isNull()) {
      JsonNode code = detected.get("lang");
      if (!detected.isObject() || code == null || !code.isTextual() || code.textValue().isBlank()) {
        throw new MalformedRowException(
            "\"lang_detect_result\" must be an object with a \"lang\" code, not " + detected, null);
      }
      return Languages.normalizeCode(code.textValue());
    }
    JsonNode language = row.get("language");
    if (language == null || language.isNull()) {
      throw new MalformedRowException("no \"lang_detect_result\" and no \"language\"", null);
    }
    if (!language.isTextual()) {
      throw new MalformedRowException("\"language\" must be a string, not " + language, null);
    }
    return Languages.codeOfName(language.textValue())
        .orElseThrow(
            () ->
                new MalformedRowException(
                    "unknown \"language\" " + language + " and no \"lang_detect_result\"", null));
  }

  private static String id(JsonNode row, String lang) throws MalformedRowException {
    JsonNode id = row.get("conversation_id");
    if (id == null || id.isNull()) {
      throw new MalformedRowException("missing \"conversation_id\"", lang);
    }
    if (!(id.isTextual() || id.isIntegralNumber()) || id.asText().isBlank()) {
      throw new MalformedRowException(
          "\"conversation_id\" must be a non-empty string, not " + id, lang);
    }
    return id.asText();
  }

  private static List<String> humanTurns(JsonNode row, String lang) throws MalformedRowException {
    JsonNode conversations = row.get("conversations");
    if (conversations == null || !conversations.isArray()) {
      throw new MalformedRowException(
          "\"conversations\" must be a list of turns, not "
              + (conversations == null ? "missing" : conversations),
          lang);
    }
    List<String> turns = new ArrayList<>();
    for (int i = 0; i < conversations.size(); i++) {
      JsonNode turn = conversations.get(i);
      JsonNode from = turn.get("from");
      JsonNode value = turn.get("value");
      String where = "conversations[" + i + "]";
      if (!turn.isObject()) {
        throw new MalformedRowException(where + " must be an object, not " + turn, lang);
      }
      if (from == null || !from.isTextual()) {
        throw new MalformedRowException(where + " has no \"from\"", lang);
      }
      if (value == null || !value.isTextual()) {
        throw new MalformedRowException(
            where + ".value must be a string, not " + (value == null ? "missing" : value), lang);
      }
      switch (from.textValue()) {
        case "human" -> turns.add(value.textValue());
        case "gpt" -> {}
        default ->
            throw new MalformedRowException(
                where + ".from must be \"human\" or \"gpt\", not " + from, lang);
      }
    }
    return turns;
  }
}
