package dev.samovar.server.api;

import dev.samovar.engine.EngineStatus;
import java.util.List;
import java.util.Locale;

/**
 * The {@code GET /slots} answer: each sequence and the wait queue.
 *
 * @param slots one per sequence
 * @param queue generations waiting for a sequence, and how many may wait
 * @param hostCache the copies of KV-cache states kept in host RAM ({@code --cache-ram})
 */
public record SlotList(List<Slot> slots, Queue queue, HostCache hostCache) {

  public SlotList {
    slots = List.copyOf(slots);
  }

  /**
   * One sequence.
   *
   * @param id the sequence id
   * @param state {@code idle}, {@code prompt} or {@code generating}
   * @param cachedTokens tokens in its KV cache
   * @param requestId the engine request it runs, or null when idle
   */
  public record Slot(int id, String state, int cachedTokens, String requestId) {}

  /**
   * The wait queue.
   *
   * @param waiting generations waiting now
   * @param capacity the most that may wait
   */
  public record Queue(int waiting, int capacity) {}

  /**
   * The host-RAM prompt cache.
   *
   * @param entries copies kept
   * @param bytes the memory they take
   */
  public record HostCache(int entries, long bytes) {}

  /** The wire form of an engine snapshot. */
  public static SlotList of(EngineStatus status, int capacity) {
    return new SlotList(
        status.slots().stream()
            .map(
                slot ->
                    new Slot(
                        slot.id(),
                        slot.state().name().toLowerCase(Locale.ROOT),
                        slot.cachedTokens(),
                        slot.requestId()))
            .toList(),
        new Queue(status.queued(), capacity),
        new HostCache(status.hostCache().entries(), status.hostCache().bytes()));
  }
}
