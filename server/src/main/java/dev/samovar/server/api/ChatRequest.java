package dev.samovar.server.api;

import dev.samovar.engine.ChatMessage;
import java.util.List;

/**
 * A validated chat completion request. Boxed fields are null when the client did not send them, so
 * that server defaults apply only to missing fields.
 *
 * @param model the requested model id
 * @param messages the conversation, at least one message
 * @param temperature in [0, 2], or null
 * @param topP in (0, 1], or null
 * @param maxTokens at least 1, or null for "until a stop or the context end"
 * @param stop zero to four non-empty stop strings
 * @param seed the sampling seed, or null
 * @param stream whether to answer with server-sent events
 * @param includeUsage whether a stream ends with a usage chunk
 */
public record ChatRequest(
    String model,
    List<ChatMessage> messages,
    Double temperature,
    Double topP,
    Integer maxTokens,
    List<String> stop,
    Long seed,
    boolean stream,
    boolean includeUsage) {

  public ChatRequest {
    messages = List.copyOf(messages);
    stop = List.copyOf(stop);
  }
}
