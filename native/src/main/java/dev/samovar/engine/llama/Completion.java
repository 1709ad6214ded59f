package dev.samovar.engine.llama;

import dev.samovar.engine.FinishReason;
import dev.samovar.engine.TextDelta;
import java.util.List;

/**
 * The text side of one generation: turns each sampled token into a delta and decides when the
 * generation ends. Every sampled token is accounted for in exactly one delta.
 */
final class Completion {
  private final Utf8Assembler utf8 = new Utf8Assembler();
  private final StopMatcher stops;
  private final int limit;
  private int tokens;

  /**
   * @param stops stop strings
   * @param limit the most tokens to sample (max tokens, or the room left in the context)
   */
  Completion(List<String> stops, int limit) {
    this.stops = new StopMatcher(stops);
    this.limit = limit;
  }

  /** Tokens sampled so far. */
  int tokens() {
    return tokens;
  }

  /** Whether no token may be sampled at all. */
  boolean exhausted() {
    return tokens >= limit;
  }

  /**
   * Accounts for a sampled token.
   *
   * @param endOfGeneration whether the token ends generation (its text is never emitted)
   * @param piece the token's bytes
   */
  Step accept(int token, boolean endOfGeneration, byte[] piece) {
    tokens++;
    int[] ids = {token};
    if (endOfGeneration) {
      return new Step(new TextDelta(stops.flush(), ids), FinishReason.STOP);
    }
    String text = stops.accept(utf8.accept(piece));
    if (stops.stopped()) {
      return new Step(new TextDelta(text, ids), FinishReason.STOP);
    }
    if (tokens >= limit) {
      return new Step(new TextDelta(text + stops.flush(), ids), FinishReason.LENGTH);
    }
    return new Step(new TextDelta(text, ids), null);
  }

  /**
   * The delta for one token and, when the generation ends with it, why.
   *
   * @param finish null while the generation goes on
   */
  record Step(TextDelta delta, FinishReason finish) {}
}
