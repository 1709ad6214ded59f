package dev.samovar.server.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.samovar.engine.TokenLogprob;
import java.util.List;

/**
 * {@code chat.completion} bodies and {@code chat.completion.chunk} streams: each choice opens with
 * {@code delta {"role":"assistant","content":""}}, continues with {@code delta {"content":...}} and
 * ends with an empty delta and its finish reason.
 */
public final class ChatCompletionFormat implements CompletionFormat {
  private final ChunkHeader header;
  private final boolean logprobs;

  /**
   * @param logprobs whether the client asked for log-probabilities
   */
  public ChatCompletionFormat(
      String id, long created, String model, boolean includeUsage, boolean logprobs) {
    this.header = new ChunkHeader(id, "chat.completion.chunk", created, model, includeUsage);
    this.logprobs = logprobs;
  }

  @Override
  public boolean includeUsage() {
    return header.includeUsage();
  }

  @Override
  public boolean logprobs() {
    return logprobs;
  }

  @Override
  public List<ObjectNode> opening(int index) {
    ObjectNode delta = Json.MAPPER.createObjectNode().put("role", "assistant").put("content", "");
    return List.of(chunk(index, delta, List.of(), null));
  }

  @Override
  public ObjectNode delta(int index, String text, List<TokenLogprob> tokens) {
    return chunk(index, Json.MAPPER.createObjectNode().put("content", text), tokens, null);
  }

  @Override
  public ObjectNode finish(int index, String finishReason, List<TokenLogprob> tokens) {
    return chunk(index, Json.MAPPER.createObjectNode(), tokens, finishReason);
  }

  @Override
  public ObjectNode usage(Usage usage) {
    return header.usage(usage);
  }

  @Override
  public ChatCompletion body(List<ChoiceOutput> choices, Usage usage) {
    return new ChatCompletion(
        header.id(),
        "chat.completion",
        header.created(),
        header.model(),
        choices.stream()
            .map(
                choice ->
                    new ChatCompletion.Choice(
                        choice.index(),
                        new ChatCompletion.Message("assistant", choice.text()),
                        logprobs ? ChatLogprobs.of(choice.logprobs()) : null,
                        choice.finishReason()))
            .toList(),
        usage);
  }

  private ObjectNode chunk(
      int index, ObjectNode delta, List<TokenLogprob> tokens, String finishReason) {
    ObjectNode choice = Json.MAPPER.createObjectNode().put("index", index);
    choice.set("delta", delta);
    if (logprobs && !tokens.isEmpty()) {
      choice.set("logprobs", Json.MAPPER.valueToTree(ChatLogprobs.of(tokens)));
    } else {
      choice.putNull("logprobs");
    }
    choice.put("finish_reason", finishReason);
    return header.withChoice(choice);
  }
}
