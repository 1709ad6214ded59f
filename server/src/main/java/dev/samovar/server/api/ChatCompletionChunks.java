package dev.samovar.server.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Builds the {@code chat.completion.chunk} objects of one stream: all share id, created and model.
 * When the client asked for usage, every chunk carries {@code "usage": null} except the last, which
 * has no choices and the usage; otherwise no chunk has a usage field.
 */
public final class ChatCompletionChunks {
  private final String id;
  private final long created;
  private final String model;
  private final boolean includeUsage;

  public ChatCompletionChunks(String id, long created, String model, boolean includeUsage) {
    this.id = id;
    this.created = created;
    this.model = model;
    this.includeUsage = includeUsage;
  }

  /** Whether the stream ends with a usage chunk. */
  public boolean includeUsage() {
    return includeUsage;
  }

  /** The first chunk: {@code delta {"role":"assistant","content":""}}. */
  public ObjectNode role() {
    ObjectNode delta = Json.MAPPER.createObjectNode().put("role", "assistant").put("content", "");
    return withChoice(delta, null);
  }

  /** A chunk with generated text. */
  public ObjectNode content(String text) {
    return withChoice(Json.MAPPER.createObjectNode().put("content", text), null);
  }

  /** The last chunk of the choice: an empty delta and the finish reason. */
  public ObjectNode finish(String finishReason) {
    return withChoice(Json.MAPPER.createObjectNode(), finishReason);
  }

  /** The usage chunk sent after the finish chunk when the client asked for it. */
  public ObjectNode usage(Usage usage) {
    ObjectNode chunk = chunk();
    chunk.putArray("choices");
    chunk.set("usage", Json.MAPPER.valueToTree(usage));
    return chunk;
  }

  private ObjectNode withChoice(ObjectNode delta, String finishReason) {
    ObjectNode chunk = chunk();
    ArrayNode choices = chunk.putArray("choices");
    ObjectNode choice = choices.addObject().put("index", 0);
    choice.set("delta", delta);
    choice.putNull("logprobs");
    choice.put("finish_reason", finishReason);
    if (includeUsage) {
      chunk.putNull("usage");
    }
    return chunk;
  }

  private ObjectNode chunk() {
    return Json.MAPPER
        .createObjectNode()
        .put("id", id)
        .put("object", "chat.completion.chunk")
        .put("created", created)
        .put("model", model);
  }
}
