package dev.samovar.server.api;

import dev.samovar.engine.ChatMessage;
import dev.samovar.server.api.tools.ToolSet;
import java.util.List;

/**
 * A validated Anthropic {@code /v1/messages} request.
 *
 * @param params the generation fields (one choice; {@code max_tokens} is always set)
 * @param messages the conversation as the chat template renders it, the system prompt first
 * @param tools the tools the model may call
 */
public record MessagesRequest(GenerationParams params, List<ChatMessage> messages, ToolSet tools) {
  public MessagesRequest {
    messages = List.copyOf(messages);
  }
}
