package dev.samovar.bench.mt;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Reference answers for the categories that need them (math, reasoning, coding): rows of a FastChat
 * answer file, by question id.
 */
public final class References {
  private final Map<Integer, Answer> byQuestion;
  private final String missingReason;

  private References(Map<Integer, Answer> byQuestion, String missingReason) {
    this.byQuestion = byQuestion;
    this.missingReason = missingReason;
  }

  /** The reference answers in {@code file}; a question listed twice keeps its last row. */
  public static References read(Path file) {
    Map<Integer, Answer> byQuestion = new LinkedHashMap<>();
    for (Answer answer : Answer.read(file)) {
      byQuestion.put(answer.questionId(), answer);
    }
    return new References(byQuestion, file + " has none for them");
  }

  /** No reference answers; {@code reason} says why, for the message when one is needed. */
  public static References none(String reason) {
    return new References(Map.of(), reason);
  }

  public Optional<Answer> forQuestion(int questionId) {
    return Optional.ofNullable(byQuestion.get(questionId));
  }

  public int size() {
    return byQuestion.size();
  }

  /** The message for questions that need a reference answer and have none. */
  String missing(List<Question> questions) {
    String list =
        questions.stream()
            .map(q -> q.id() + " (" + q.category() + ")")
            .collect(Collectors.joining(", "));
    return (questions.size() == 1 ? "question " + list + " needs" : "questions " + list + " need")
        + " reference answers, but "
        + missingReason;
  }
}
