package dev.samovar.server.api;

import dev.samovar.engine.ChatMessage;
import dev.samovar.server.api.tools.ToolSet;
import java.util.List;

/**
 * A validated chat completion request.
 *
 * @param params the fields chat and text completions share
 * @param messages the conversation, at least one message
 * @param topLogprobs null when the client did not ask for log-probabilities, else 0-20 alternatives
 *     per token
 * @param jsonSchema null, or the JSON schema (as JSON text) the answer must satisfy
 * @param tools the tools the model may call
 */
public record ChatRequest(
    GenerationParams params,
    List<ChatMessage> messages,
    Integer topLogprobs,
    String jsonSchema,
    ToolSet tools) {

  public ChatRequest {
    messages = List.copyOf(messages);
  }
}
