package dev.samovar.engine;

import java.util.List;

/**
 * A snapshot of the engine's sequences and wait queue, for operators and tests.
 *
 * @param slots one entry per sequence
 * @param queued generations waiting for a free sequence
 * @param hostCache the copies of KV-cache states kept in host RAM
 */
public record EngineStatus(List<Slot> slots, int queued, HostCache hostCache) {
  public EngineStatus {
    slots = List.copyOf(slots);
  }

  /** A snapshot with an empty host cache. */
  public EngineStatus(List<Slot> slots, int queued) {
    this(slots, queued, HostCache.EMPTY);
  }

  /**
   * The host-RAM prompt cache.
   *
   * @param entries copies kept
   * @param bytes the memory they take
   */
  public record HostCache(int entries, long bytes) {
    public static final HostCache EMPTY = new HostCache(0, 0);
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
