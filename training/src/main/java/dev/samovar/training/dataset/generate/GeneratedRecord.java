package dev.samovar.training.dataset.generate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.samovar.client.ChatCompletion;
import dev.samovar.client.Json;
import dev.samovar.client.Usage;
import dev.samovar.training.TrainingException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One answered prompt: the human turns with the teacher's answers. Written to {@code --out} as a
 * ShareGPT row, {@code {"id", "conversations": [{"from": "human", "value"}, {"from": "gpt",
 * "value"}, ...], "language", "teacher", "finish_reasons", "usage"}}, and to {@code --messages-out}
 * as {@code {"id", "messages": [{"role": "user"|"assistant", "content"}, ...], "language"}}.
 *
 * @param id the prompt's id
 * @param language the prompt's language name
 * @param teacher the model that answered
 * @param turns the exchanges, in order
 * @param usage the token counts of all the turns' requests, when the teacher reported every one
 */
public record GeneratedRecord(
    String id, String language, String teacher, List<Turn> turns, Optional<Usage> usage) {
  /**
   * One exchange.
   *
   * @param human the human message
   * @param answer the teacher's answer
   * @param finishReason why the answer ended ({@code stop}, {@code length}), when reported
   */
  public record Turn(String human, String answer, Optional<String> finishReason) {
    public Turn {
      Objects.requireNonNull(human, "human");
      Objects.requireNonNull(answer, "answer");
      Objects.requireNonNull(finishReason, "finishReason");
    }
  }

  public GeneratedRecord {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(language, "language");
    Objects.requireNonNull(teacher, "teacher");
    Objects.requireNonNull(usage, "usage");
    turns = List.copyOf(turns);
    if (turns.isEmpty()) {
      throw new IllegalArgumentException("a record needs at least one turn: " + id);
    }
  }

  /** Whether an answer was cut off at {@code max_tokens} (finish reason {@code length}). */
  public boolean truncated() {
    return turns.stream().anyMatch(turn -> ChatCompletion.truncated(turn.finishReason()));
  }

  /** The ShareGPT row of {@code --out}. */
  public ObjectNode toShareGpt() {
    ObjectNode row = Json.MAPPER.createObjectNode();
    row.put("id", id);
    ArrayNode conversations = row.putArray("conversations");
    ArrayNode reasons = Json.MAPPER.createArrayNode();
    for (Turn turn : turns) {
      conversations.addObject().put("from", "human").put("value", turn.human());
      conversations.addObject().put("from", "gpt").put("value", turn.answer());
      turn.finishReason().ifPresentOrElse(reasons::add, reasons::addNull);
    }
    row.put("language", language);
    row.put("teacher", teacher);
    row.set("finish_reasons", reasons);
    usage.ifPresent(
        tokens ->
            row.putObject("usage")
                .put("prompt_tokens", tokens.promptTokens())
                .put("completion_tokens", tokens.completionTokens()));
    return row;
  }

  /** The OpenAI-style row of {@code --messages-out}. */
  public ObjectNode toMessages() {
    ObjectNode row = Json.MAPPER.createObjectNode();
    row.put("id", id);
    ArrayNode messages = row.putArray("messages");
    for (Turn turn : turns) {
      messages.addObject().put("role", "user").put("content", turn.human());
      messages.addObject().put("role", "assistant").put("content", turn.answer());
    }
    row.put("language", language);
    return row;
  }

  /** The record of a ShareGPT row written by {@link #toShareGpt()}; {@code where} names it. */
  public static GeneratedRecord fromShareGpt(JsonNode row, String where) {
    JsonNode conversations = row.path("conversations");
    if (!conversations.isArray() || conversations.isEmpty() || conversations.size() % 2 != 0) {
      throw new TrainingException(
          where + ": \"conversations\" must be an array of human and gpt turns in pairs");
    }
    JsonNode reasons = row.path("finish_reasons");
    List<Turn> turns = new ArrayList<>();
    for (int i = 0; i < conversations.size(); i += 2) {
      String human = value(conversations.get(i), "human", where);
      String answer = value(conversations.get(i + 1), "gpt", where);
      JsonNode reason = reasons.path(i / 2);
      turns.add(
          new Turn(
              human,
              answer,
              reason.isTextual() ? Optional.of(reason.textValue()) : Optional.empty()));
    }
    JsonNode usage = row.path("usage");
    Optional<Usage> tokens =
        usage.path("prompt_tokens").isIntegralNumber()
                && usage.path("completion_tokens").isIntegralNumber()
            ? Optional.of(
                new Usage(
                    usage.get("prompt_tokens").longValue(),
                    usage.get("completion_tokens").longValue()))
            : Optional.empty();
    return new GeneratedRecord(
        text(row, "id", where),
        text(row, "language", where),
        text(row, "teacher", where),
        turns,
        tokens);
  }

  private static String value(JsonNode message, String from, String where) {
    if (!from.equals(message.path("from").textValue()) || !message.path("value").isTextual()) {
      throw new TrainingException(
          where + ": \"conversations\" must alternate human and gpt turns with a string value");
    }
    return message.get("value").textValue();
  }

  private static String text(JsonNode row, String field, String where) {
    JsonNode value = row.get(field);
    if (value == null || !value.isTextual()) {
      throw new TrainingException(where + ": \"" + field + "\" must be a string");
    }
    return value.textValue();
  }
}
