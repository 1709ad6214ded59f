package dev.samovar.training.dataset.select;

import dev.samovar.training.TrainingException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** The rows of an input file, in file order, each as the JSON text of one Tagengo row. */
sealed interface RowSource permits JsonlSource, ParquetSource {

  /** Receives the rows one by one. */
  @FunctionalInterface
  interface Visitor {
    /**
     * One row.
     *
     * @param number the row's line number (JSONL) or row number (Parquet), from 1
     * @param json the row as JSON text
     * @param bytes input bytes consumed since the previous row, for progress
     */
    void row(long number, String json, long bytes);
  }

  /** Calls {@code visitor} with every row, in file order. */
  void read(Visitor visitor) throws IOException;

  /**
   * The source for {@code file} by its extension: {@code .jsonl} or {@code .parquet}.
   *
   * @throws IllegalArgumentException for another extension
   */
  static RowSource of(Path file) {
    String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
    if (name.endsWith(".jsonl")) {
      return new JsonlSource(file);
    }
    if (name.endsWith(".parquet")) {
      return new ParquetSource(file);
    }
    throw new IllegalArgumentException("input " + file + " is neither .jsonl nor .parquet");
  }

  /** Fails unless {@code file} is a regular file. */
  static void requireFile(Path file) {
    if (!Files.isRegularFile(file)) {
      throw new TrainingException("input file not found: " + file);
    }
  }
}
