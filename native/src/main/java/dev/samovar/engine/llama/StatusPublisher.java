package dev.samovar.engine.llama;

import dev.samovar.engine.EngineStatus;
import java.util.ArrayList;
import java.util.List;

/**
 * The engine's {@link EngineStatus}: a snapshot of what each sequence does, how many generations
 * wait and what the host cache holds, taken on the engine thread whenever one of them changes and
 * read by any thread.
 */
final class StatusPublisher {
  private final Sequence[] sequences;
  private final WorkQueue queue;
  private final HostPromptCache hostCache;
  private volatile EngineStatus status;

  StatusPublisher(Sequence[] sequences, WorkQueue queue, HostPromptCache hostCache) {
    this.sequences = sequences;
    this.queue = queue;
    this.hostCache = hostCache;
    publish();
  }

  /** The latest snapshot. */
  EngineStatus status() {
    return status;
  }

  /** Takes a new snapshot. */
  void publish() {
    List<EngineStatus.Slot> slots = new ArrayList<>(sequences.length);
    for (Sequence sequence : sequences) {
      slots.add(sequence.slot());
    }
    status =
        new EngineStatus(
            slots, queue.size(), new EngineStatus.HostCache(hostCache.size(), hostCache.bytes()));
  }
}
