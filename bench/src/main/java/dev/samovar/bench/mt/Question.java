package dev.samovar.bench.mt;

import java.util.List;
import java.util.Objects;

/**
 * One MT-Bench question: id, category and its user turns (two in MT-Bench).
 *
 * @param id {@code question_id}
 * @param category {@code category}, such as writing or math
 * @param turns the user messages, in order
 */
public record Question(int id, String category, List<String> turns) {
  public Question {
    Objects.requireNonNull(category, "category");
    turns = List.copyOf(turns);
    if (turns.isEmpty()) {
      throw new IllegalArgumentException("a question needs at least one turn");
    }
  }
}
