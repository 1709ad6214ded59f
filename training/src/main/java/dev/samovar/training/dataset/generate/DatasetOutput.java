package dev.samovar.training.dataset.generate;

import dev.samovar.client.Json;
import dev.samovar.client.jsonl.AtomicFiles;
import dev.samovar.client.jsonl.JsonlFile;
import dev.samovar.client.jsonl.JsonlOutput;
import dev.samovar.training.TrainingException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The files a generate run appends to: {@code --out} (ShareGPT rows, what a rerun resumes from)
 * and, optionally, {@code --messages-out} (the same records as OpenAI messages).
 *
 * <p>Each record is appended as one whole line to {@code --out} first, then to {@code
 * --messages-out}. A kill can therefore leave a cut last line (dropped when the files are opened
 * again) or a record in {@code --out} that is missing from {@code --messages-out}; on opening,
 * whenever the ids of the two files differ, {@code --messages-out} is rewritten from {@code --out}
 * (atomically), so that both always hold the same ids. Thread-safe.
 */
final class DatasetOutput implements AutoCloseable {
  private final JsonlOutput<String> out;
  private final Optional<JsonlOutput<String>> messages;

  private DatasetOutput(JsonlOutput<String> out, Optional<JsonlOutput<String>> messages) {
    this.out = out;
    this.messages = messages;
  }

  /**
   * Opens {@code out} and {@code messagesOut} for appending.
   *
   * @param teacher the teacher model of this run; {@code out} must hold only its records
   * @param notes hears about dropped cut lines and a rewritten {@code messagesOut}
   * @throws TrainingException when {@code out} holds another teacher's records or is not a file
   *     this command wrote
   */
  static DatasetOutput open(
      Path out, Optional<Path> messagesOut, String teacher, Consumer<String> notes) {
    JsonlOutput<String> output =
        JsonlOutput.open(
            out, line -> GeneratedRecord.fromShareGpt(line.json(), line.where()).id(), notes);
    try {
      List<GeneratedRecord> records = new ArrayList<>();
      for (JsonlFile.Line line : output.existing()) {
        GeneratedRecord record = GeneratedRecord.fromShareGpt(line.json(), line.where());
        if (!record.teacher().equals(teacher)) {
          throw new TrainingException(
              line.where()
                  + ": an answer of teacher \""
                  + record.teacher()
                  + "\", not \""
                  + teacher
                  + "\"; write each teacher's answers to its own --out file");
        }
        records.add(record);
      }
      Optional<JsonlOutput<String>> messages =
          messagesOut.map(file -> openMessages(file, out, records, notes));
      return new DatasetOutput(output, messages);
    } catch (RuntimeException e) {
      output.close();
      throw e;
    }
  }

  private static JsonlOutput<String> openMessages(
      Path file, Path out, List<GeneratedRecord> records, Consumer<String> notes) {
    JsonlOutput<String> messages = JsonlOutput.open(file, DatasetOutput::messageId, notes);
    List<String> ids = messages.existing().stream().map(DatasetOutput::messageId).toList();
    Set<String> expected = new LinkedHashSet<>();
    records.forEach(record -> expected.add(record.id()));
    if (ids.size() == expected.size() && new LinkedHashSet<>(ids).equals(expected)) {
      return messages;
    }
    messages.close();
    StringBuilder text = new StringBuilder();
    records.forEach(record -> text.append(Json.line(record.toMessages())).append('\n'));
    replace(file, text.toString());
    notes.accept(
        file
            + ": rewritten from "
            + out
            + " ("
            + records.size()
            + " records) because their ids differed (a run stopped between the two writes)");
    return JsonlOutput.open(file, DatasetOutput::messageId, notes);
  }

  private static String messageId(JsonlFile.Line line) {
    if (!line.json().path("id").isTextual()) {
      throw new TrainingException(line.where() + ": \"id\" must be a string");
    }
    return line.json().get("id").textValue();
  }

  private static void replace(Path file, String text) {
    try {
      AtomicFiles.replace(file, text.getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new TrainingException("cannot rewrite " + file + ": " + e.getMessage(), e);
    }
  }

  /** Whether {@code id} has a record. */
  boolean done(String id) {
    return out.contains(id);
  }

  /** Appends {@code record} to {@code --out}, then to {@code --messages-out}. */
  synchronized void append(GeneratedRecord record) {
    out.append(record.id(), record.toShareGpt());
    messages.ifPresent(file -> file.append(record.id(), record.toMessages()));
  }

  @Override
  public void close() {
    try {
      out.close();
    } finally {
      messages.ifPresent(JsonlOutput::close);
    }
  }
}
