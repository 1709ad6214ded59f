package dev.samovar.training.dataset.select;

import dev.samovar.training.TrainingException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Properties;

/**
 * A Parquet file read through DuckDB's {@code read_parquet}, each row (nested columns included)
 * turned into JSON by DuckDB's {@code to_json}, so that Parquet and JSONL rows share one parser.
 * Rows are numbered from 1 in file order.
 */
record ParquetSource(Path file) implements RowSource {

  @Override
  public void read(Visitor visitor) throws IOException {
    long size = Files.size(file);
    Properties properties = new Properties();
    properties.setProperty("jdbc_stream_results", "true");
    try (Connection connection = DriverManager.getConnection("jdbc:duckdb:", properties)) {
      long rows = count(connection);
      try (PreparedStatement select =
          connection.prepareStatement("SELECT to_json(t) FROM read_parquet(?) t")) {
        select.setString(1, file.toString());
        try (ResultSet result = select.executeQuery()) {
          long number = 0;
          while (result.next()) {
            number++;
            visitor.row(
                number, result.getString(1), size * number / rows - size * (number - 1) / rows);
          }
        }
      }
    } catch (SQLException e) {
      throw new TrainingException(
          "cannot read " + file + " as Parquet: " + e.getMessage().strip(), e);
    }
  }

  private long count(Connection connection) throws SQLException {
    try (PreparedStatement count =
        connection.prepareStatement("SELECT count(*) FROM read_parquet(?)")) {
      count.setString(1, file.toString());
      try (ResultSet result = count.executeQuery()) {
        result.next();
        return Math.max(1, result.getLong(1));
      }
    }
  }
}
