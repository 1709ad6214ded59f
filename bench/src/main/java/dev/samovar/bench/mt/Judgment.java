package dev.samovar.bench.mt;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.samovar.bench.BenchException;
import dev.samovar.client.Json;
import java.time.Instant;
import java.util.Objects;

/**
 * One row of a FastChat single-grading judgment file ({@code model_judgment/*_single.jsonl}):
 * {@code {question_id, model, judge: [judge model, prompt name], user_prompt, judgment, score,
 * turn, tstamp}}.
 *
 * @param questionId the question
 * @param model the graded model
 * @param judgeModel the judge model
 * @param promptName the judge prompt template used
 * @param userPrompt the filled template sent to the judge
 * @param judgment the judge's text, or {@code $ERROR$}
 * @param score the rating read from it
 * @param turn 1, or 2 for the multi-turn grading
 */
public record Judgment(
    int questionId,
    String model,
    String judgeModel,
    String promptName,
    String userPrompt,
    String judgment,
    Score score,
    int turn) {
  public Judgment {
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(judgeModel, "judgeModel");
    Objects.requireNonNull(promptName, "promptName");
    Objects.requireNonNull(userPrompt, "userPrompt");
    Objects.requireNonNull(judgment, "judgment");
    Objects.requireNonNull(score, "score");
  }

  /** A judgment row; {@code where} names the file and line for messages. */
  public static Judgment of(JsonNode row, String where) {
    JsonNode judge = Fields.required(row, "judge", where);
    if (!judge.isArray()
        || judge.size() != 2
        || !judge.get(0).isTextual()
        || !judge.get(1).isTextual()) {
      throw new BenchException(
          where + ": \"judge\" must be [judge model, prompt name], not " + judge);
    }
    int turn = Fields.integer(row, "turn", where);
    if (turn != 1 && turn != 2) {
      throw new BenchException(where + ": \"turn\" must be 1 or 2, not " + turn);
    }
    return new Judgment(
        Fields.integer(row, "question_id", where),
        Fields.text(row, "model", where),
        judge.get(0).textValue(),
        judge.get(1).textValue(),
        Fields.text(row, "user_prompt", where),
        Fields.text(row, "judgment", where),
        Score.of(row.get("score"), where),
        turn);
  }

  /** The row, with {@code tstamp} taken from {@code time}. */
  public ObjectNode toJson(Instant time) {
    ObjectNode row = Json.MAPPER.createObjectNode();
    row.put("question_id", questionId);
    row.put("model", model);
    row.putArray("judge").add(judgeModel).add(promptName);
    row.put("user_prompt", userPrompt);
    row.put("judgment", judgment);
    score.writeTo(row, "score");
    row.put("turn", turn);
    row.put("tstamp", Tstamp.of(time));
    return row;
  }
}
