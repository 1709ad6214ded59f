package dev.samovar.training.dataset.select;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.util.List;

/** Tagengo-format test rows: JSONL lines as lightblue/tagengo-gpt4 has them, and Parquet. */
final class TagengoRows {
  private static final ObjectMapper JSON = new ObjectMapper();

  private TagengoRows() {}

  /**
   * A row whose conversation has each human turn answered by a gpt turn.
   *
   * @param lang the detected code, or null for a row without lang_detect_result
   */
  static String row(String id, String language, String lang, String... humanTurns) {
    ObjectNode row = JSON.createObjectNode();
    row.put("conversation_id", id);
    ArrayNode conversations = row.putArray("conversations");
    ArrayNode response = row.putArray("response");
    for (int i = 0; i < humanTurns.length; i++) {
      conversations.addObject().put("from", "human").put("value", humanTurns[i]);
      conversations.addObject().put("from", "gpt").put("value", "answer " + (i + 1));
      response.add("answer " + (i + 1));
    }
    row.put("language", language);
    if (lang == null) {
      row.putNull("lang_detect_result");
    } else {
      row.putObject("lang_detect_result").put("lang", lang).put("score", 0.99);
    }
    row.set("response", response);
    return row.toString();
  }

  /** Writes {@code lines} as a JSONL file. */
  static Path jsonl(Path file, List<String> lines) throws Exception {
    Files.writeString(file, String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
    return file;
  }

  /**
   * Writes the rows of a JSONL file to Parquet through DuckDB, with the nested column types of the
   * published dataset.
   */
  static Path parquet(Path jsonl, Path parquet) throws Exception {
    try (Connection connection = DriverManager.getConnection("jdbc:duckdb:");
        PreparedStatement copy =
            connection.prepareStatement(
                "COPY (SELECT * FROM read_json(?, format = 'newline_delimited', columns = {"
                    + "conversation_id: 'VARCHAR',"
                    + " conversations: 'STRUCT(\"from\" VARCHAR, \"value\" VARCHAR)[]',"
                    + " language: 'VARCHAR',"
                    + " lang_detect_result: 'STRUCT(lang VARCHAR, score DOUBLE)',"
                    + " response: 'VARCHAR[]'})) TO '"
                    + parquet.toString().replace("'", "''")
                    + "' (FORMAT parquet)")) {
      copy.setString(1, jsonl.toString());
      copy.execute();
    }
    return parquet;
  }
}
