package dev.samovar.bench.mt;

import dev.samovar.bench.BenchException;
import dev.samovar.client.jsonl.JsonlFile;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A question file ({@code question.jsonl}): objects with {@code question_id}, {@code category} and
 * {@code turns}; other fields (MT-Bench's {@code reference}) are not read, as FastChat's judge does
 * not read them either.
 */
public final class QuestionSet {
  private final Map<Integer, Question> byId;

  private QuestionSet(Map<Integer, Question> byId) {
    this.byId = byId;
  }

  /** Reads and checks a question file. */
  public static QuestionSet read(Path file) {
    Map<Integer, Question> byId = new LinkedHashMap<>();
    for (JsonlFile.Line line : JsonlFile.read(file)) {
      int id = Fields.integer(line.json(), "question_id", line.where());
      String category = Fields.text(line.json(), "category", line.where());
      List<String> turns = Fields.texts(line.json().get("turns"), "turns", line.where());
      if (byId.put(id, new Question(id, category, turns)) != null) {
        throw new BenchException(line.where() + ": question_id " + id + " appears twice");
      }
    }
    if (byId.isEmpty()) {
      throw new BenchException(file + " holds no questions");
    }
    return new QuestionSet(byId);
  }

  /** The questions in file order. */
  public List<Question> questions() {
    return new ArrayList<>(byId.values());
  }

  public Optional<Question> byId(int id) {
    return Optional.ofNullable(byId.get(id));
  }

  public int size() {
    return byId.size();
  }
}
