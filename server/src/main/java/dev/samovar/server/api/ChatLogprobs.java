package dev.samovar.server.api;

import dev.samovar.engine.TokenLogprob;
import java.util.List;

/**
 * A chat choice's {@code logprobs}: {@code {"content":[{token, logprob, bytes, top_logprobs}]}},
 * where {@code token} is the token's bytes decoded as UTF-8 (lossy) and {@code bytes} the bytes.
 */
public record ChatLogprobs(List<Entry> content) {

  public ChatLogprobs {
    content = List.copyOf(content);
  }

  /** One generated token with its most likely alternatives. */
  public record Entry(String token, double logprob, List<Integer> bytes, List<Top> topLogprobs) {}

  /** One alternative. */
  public record Top(String token, double logprob, List<Integer> bytes) {}

  /** The wire form of the engine's log-probabilities. */
  public static ChatLogprobs of(List<TokenLogprob> logprobs) {
    return new ChatLogprobs(logprobs.stream().map(ChatLogprobs::entry).toList());
  }

  private static Entry entry(TokenLogprob token) {
    return new Entry(
        TokenText.text(token.bytes()),
        TokenText.logprob(token.logprob()),
        TokenText.bytes(token.bytes()),
        token.top().stream()
            .map(
                top ->
                    new Top(
                        TokenText.text(top.bytes()),
                        TokenText.logprob(top.logprob()),
                        TokenText.bytes(top.bytes())))
            .toList());
  }
}
