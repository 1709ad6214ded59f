package dev.samovar.client;

import java.util.Objects;
import java.util.Optional;

/**
 * The first choice of a chat completion answer.
 *
 * @param content the assistant message's text
 * @param finishReason {@code choices[0].finish_reason} ({@code stop}, {@code length}, ...), or
 *     empty when the server sent none
 * @param usage the answer's token counts, or empty when the server sent no {@code usage}
 */
public record ChatCompletion(String content, Optional<String> finishReason, Optional<Usage> usage) {
  /** The finish reason of an answer cut off at {@code max_tokens}. */
  private static final String LENGTH = "length";

  public ChatCompletion {
    Objects.requireNonNull(content, "content");
    Objects.requireNonNull(finishReason, "finishReason");
    Objects.requireNonNull(usage, "usage");
  }

  /** Whether the answer was cut off at {@code max_tokens}. */
  public boolean truncated() {
    return truncated(finishReason);
  }

  /** Whether an answer with this finish reason was cut off at {@code max_tokens}. */
  public static boolean truncated(Optional<String> finishReason) {
    return finishReason.filter(LENGTH::equals).isPresent();
  }
}
