package dev.samovar.engine;

import java.util.List;

/**
 * A snapshot of the engine's sequences and wait queue, for operators and tests.
 *
 * @param slots one entry per sequence
 * @param queued generations waiting for a free sequence
 */
public record EngineStatus(List<Slot> slots, int queued) {
  public EngineStatus {
    slots = List.copyOf(slots);
  }

  /** What a sequence is doing. */
  public enum State {
    IDLE,
    PROMPT,
    GENERATING
  }

  /**
   * One sequence.
   *
   * @param id the sequence id
   * @param state what it does now
   * @param cachedTokens tokens held in its KV cache (reusable by a request sharing their prefix)
   * @param requestId the id of the generation it runs, or null when idle
   */
  public record Slot(int id, State state, int cachedTokens, String requestId) {}
}
