package dev.samovar.server.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.samovar.engine.TextDelta;
import dev.samovar.engine.TokenLogprob;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code text_completion} bodies and streams: every chunk is a {@code text_completion} object with
 * one choice {@code {text, index, logprobs, finish_reason}}; a choice's last chunk has empty text
 * and its finish reason. Log-probabilities come in the legacy shape ({@link LegacyLogprobs}).
 */
public final class TextCompletionFormat implements CompletionFormat {
  private final ChunkHeader header;
  private final boolean logprobs;
  private final Map<Integer, LegacyLogprobs.Builder> streamed = new HashMap<>();

  /**
   * @param logprobs whether the client asked for log-probabilities
   */
  public TextCompletionFormat(
      String id, long created, String model, boolean includeUsage, boolean logprobs) {
    this.header = new ChunkHeader(id, "text_completion", created, model, includeUsage);
    this.logprobs = logprobs;
  }

  @Override
  public boolean logprobs() {
    return logprobs;
  }

  @Override
  public List<ObjectNode> opening(int index) {
    return List.of();
  }

  @Override
  public boolean plainDeltas() {
    return !logprobs;
  }

  @Override
  public List<ObjectNode> delta(int index, String text, List<TokenLogprob> tokens) {
    return List.of(chunk(index, text, streamed(index).add(text, tokens).take(), null));
  }

  @Override
  public List<ObjectNode> finish(
      int index, String finishReason, String stopSequence, List<TokenLogprob> tokens) {
    return List.of(chunk(index, "", streamed(index).add("", tokens).take(), finishReason));
  }

  /** The builder that tracks the text offset of a streamed choice. */
  private LegacyLogprobs.Builder streamed(int index) {
    return streamed.computeIfAbsent(index, i -> new LegacyLogprobs.Builder());
  }

  @Override
  public List<ObjectNode> closing(Usage usage) {
    return header.includeUsage() ? List.of(header.usage(usage)) : List.of();
  }

  @Override
  public TextCompletion body(List<ChoiceOutput> choices, Usage usage) {
    return new TextCompletion(
        header.id(),
        "text_completion",
        header.created(),
        header.model(),
        choices.stream()
            .map(
                choice ->
                    new TextCompletion.Choice(
                        choice.text(),
                        choice.index(),
                        logprobs ? legacy(choice.deltas()) : null,
                        choice.finishReason()))
            .toList(),
        usage);
  }

  private static LegacyLogprobs legacy(List<TextDelta> deltas) {
    LegacyLogprobs.Builder builder = new LegacyLogprobs.Builder();
    deltas.forEach(delta -> builder.add(delta.text(), delta.logprobs()));
    return builder.take();
  }

  private ObjectNode chunk(int index, String text, LegacyLogprobs tokens, String finishReason) {
    ObjectNode choice = Json.MAPPER.createObjectNode().put("text", text).put("index", index);
    if (logprobs && !tokens.tokens().isEmpty()) {
      choice.set("logprobs", Json.MAPPER.valueToTree(tokens));
    } else {
      choice.putNull("logprobs");
    }
    choice.put("finish_reason", finishReason);
    return header.withChoice(choice);
  }
}
