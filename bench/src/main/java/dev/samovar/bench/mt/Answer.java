package dev.samovar.bench.mt;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.samovar.bench.BenchException;
import dev.samovar.client.Json;
import dev.samovar.client.jsonl.JsonlFile;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One row of a FastChat answer file ({@code model_answer/*.jsonl}, also the format of reference
 * answers): {@code {question_id, answer_id, model_id, choices: [{index: 0, turns}], tstamp}}. Only
 * the first choice is read, as FastChat's judge does.
 *
 * @param questionId the question answered
 * @param answerId a random id (FastChat: shortuuid)
 * @param modelId the answering model
 * @param turns the assistant's replies, one per user turn
 */
public record Answer(int questionId, String answerId, String modelId, List<String> turns) {
  private static final String ID_ALPHABET =
      "23456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";
  private static final int ID_LENGTH = 22;
  private static final SecureRandom RANDOM = new SecureRandom();

  public Answer {
    Objects.requireNonNull(answerId, "answerId");
    Objects.requireNonNull(modelId, "modelId");
    turns = List.copyOf(turns);
  }

  /** Every row of an answer file. */
  public static List<Answer> read(Path file) {
    return JsonlFile.read(file).stream().map(line -> of(line.json(), line.where())).toList();
  }

  /** An answer row; {@code where} names the file and line for messages. */
  public static Answer of(JsonNode row, String where) {
    int questionId = Fields.integer(row, "question_id", where);
    JsonNode choices = Fields.required(row, "choices", where);
    if (!choices.isArray() || choices.isEmpty() || !choices.get(0).isObject()) {
      throw new BenchException(where + ": \"choices\" must be a non-empty array of objects");
    }
    List<String> turns = Fields.texts(choices.get(0).get("turns"), "choices[0].turns", where);
    JsonNode answerId = row.get("answer_id");
    return new Answer(
        questionId,
        answerId != null && answerId.isTextual() ? answerId.textValue() : "",
        Fields.text(row, "model_id", where),
        turns);
  }

  /** A new answer with a fresh id. */
  public static Answer create(int questionId, String modelId, List<String> turns) {
    StringBuilder id = new StringBuilder(ID_LENGTH);
    for (int i = 0; i < ID_LENGTH; i++) {
      id.append(ID_ALPHABET.charAt(RANDOM.nextInt(ID_ALPHABET.length())));
    }
    return new Answer(questionId, id.toString(), modelId, turns);
  }

  /** The row, with {@code tstamp} taken from {@code time}. */
  public ObjectNode toJson(Instant time) {
    ObjectNode row = Json.MAPPER.createObjectNode();
    row.put("question_id", questionId);
    row.put("answer_id", answerId);
    row.put("model_id", modelId);
    ObjectNode choice = row.putArray("choices").addObject();
    choice.put("index", 0);
    ArrayNode list = choice.putArray("turns");
    turns.forEach(list::add);
    row.put("tstamp", Tstamp.of(time));
    return row;
  }
}
