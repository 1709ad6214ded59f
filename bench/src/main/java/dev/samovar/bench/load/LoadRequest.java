package dev.samovar.bench.load;

import dev.samovar.bench.openai.Message;
import java.util.List;

/**
 * One request of the workload.
 *
 * @param messages the chat to send
 * @param maxTokens the most output tokens
 * @param ignoreEos whether to ask the target to generate past end-of-generation tokens
 * @param temperature the sampling temperature
 */
public record LoadRequest(
    List<Message> messages, int maxTokens, boolean ignoreEos, double temperature) {
  public LoadRequest {
    messages = List.copyOf(messages);
    if (messages.isEmpty()) {
      throw new IllegalArgumentException("a request needs at least one message");
    }
    if (maxTokens < 1) {
      throw new IllegalArgumentException("max tokens must be >= 1: " + maxTokens);
    }
  }
}
