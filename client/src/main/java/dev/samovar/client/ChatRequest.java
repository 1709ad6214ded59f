package dev.samovar.client;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Objects;

/**
 * A chat completion request as FastChat's llm_judge sends it: model, messages, {@code n} 1,
 * temperature and {@code max_tokens}, nothing else (the server's defaults apply to the rest).
 */
public record ChatRequest(String model, List<Message> messages, double temperature, int maxTokens) {
  public ChatRequest {
    Objects.requireNonNull(model, "model");
    messages = List.copyOf(messages);
    if (messages.isEmpty()) {
      throw new IllegalArgumentException("a chat request needs at least one message");
    }
    if (!(temperature >= 0)) {
      throw new IllegalArgumentException("temperature must be >= 0: " + temperature);
    }
    if (maxTokens < 1) {
      throw new IllegalArgumentException("maxTokens must be >= 1: " + maxTokens);
    }
  }

  /** The request body. */
  public ObjectNode toJson() {
    ObjectNode body = Json.MAPPER.createObjectNode();
    body.put("model", model);
    ArrayNode list = body.putArray("messages");
    for (Message message : messages) {
      list.addObject().put("role", message.role()).put("content", message.content());
    }
    body.put("n", 1);
    body.put("temperature", temperature);
    body.put("max_tokens", maxTokens);
    return body;
  }
}
