package dev.samovar.engine.llama;

import dev.samovar.engine.FinishReason;
import dev.samovar.engine.TextDelta;
import dev.samovar.engine.TokenLogprob;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The text side of one generation: turns sampled tokens into deltas and decides when the generation
 * ends. Every sampled token is accounted for in exactly one delta: a token that leaves a UTF-8
 * character unfinished is held (with its log-probability) and comes out with the delta of the token
 * that completes the character, or with the last delta.
 */
final class Completion {
  private final Utf8Assembler utf8 = new Utf8Assembler();
  private final StopMatcher stops;
  private final int limit;
  private final List<TokenLogprob> heldLogprobs = new ArrayList<>();
  private int[] held = new int[4];
  private int heldCount;
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
  /** The stop string that ended the generation, or null. */
  String stopSequence() {
    return stops.matched();
  }

  boolean exhausted() {
    return tokens >= limit;
  }

  /**
   * Accounts for a sampled token.
   *
   * @param endOfGeneration whether the token ends generation (its text is never emitted)
   * @param piece the token's bytes
   * @param logprob its log-probability entry, or null when the request asked for none
   */
  Step accept(int token, boolean endOfGeneration, byte[] piece, TokenLogprob logprob) {
    tokens++;
    hold(token, logprob);
    if (endOfGeneration) {
      return new Step(take(stops.flush()), FinishReason.STOP);
    }
    String text = stops.accept(utf8.accept(piece));
    if (stops.stopped()) {
      return new Step(take(text), FinishReason.STOP);
    }
    if (tokens >= limit) {
      return new Step(take(text + stops.flush()), FinishReason.LENGTH);
    }
    return new Step(utf8.pending() ? null : take(text), null);
  }

  /** The delta of the tokens still held, or null when none is; for a generation cut short. */
  TextDelta flush() {
    return heldCount == 0 ? null : take("");
  }

  private void hold(int token, TokenLogprob logprob) {
    if (heldCount == held.length) {
      held = Arrays.copyOf(held, held.length * 2);
    }
    held[heldCount++] = token;
    if (logprob != null) {
      heldLogprobs.add(logprob);
    }
  }

  private TextDelta take(String text) {
    TextDelta delta = new TextDelta(text, Arrays.copyOf(held, heldCount), heldLogprobs);
    heldCount = 0;
    heldLogprobs.clear();
    return delta;
  }

  /**
   * What a token produced and, when the generation ends with it, why.
   *
   * @param delta the text and tokens to emit, or null while a character is unfinished
   * @param finish null while the generation goes on
   */
  record Step(TextDelta delta, FinishReason finish) {}
}
