package dev.samovar.engine.llama;

import dev.samovar.engine.EngineException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sequences' KV caches, as llama-server's cache_prompt and {@code --cache-ram} keep them: which
 * free sequence a prompt goes to, how much of the prompt it holds already (after restoring a longer
 * prefix from the host-RAM {@link HostPromptCache}), and which idle sequence's cache is dropped
 * when the KV cache has no room. Before cached tokens are overwritten or dropped, their state is
 * copied to the host cache. Only the engine thread uses it.
 */
final class SequenceCaches {
  private static final Logger LOG = LoggerFactory.getLogger(SequenceCaches.class);

  /** Fewer cached tokens than this are not worth a copy in the host cache, nor a restore. */
  static final int MIN_CACHED_TOKENS = 16;

  private final LlamaLibrary library;
  private final MemorySegment context;
  private final Sequence[] sequences;
  private final HostPromptCache hostCache;
  private final StatusPublisher status;

  SequenceCaches(
      LlamaLibrary library,
      MemorySegment context,
      Sequence[] sequences,
      HostPromptCache hostCache,
      StatusPublisher status) {
    this.library = library;
    this.context = context;
    this.sequences = sequences;
    this.hostCache = hostCache;
    this.status = status;
  }

  /**
   * The free sequence for {@code prompt}: of those whose cache the prompt mostly continues (it
   * shares at least half of their cached tokens; an empty one qualifies), the one sharing the
   * longest prefix, then the least recently used; when none qualifies, the least recently used. So
   * a conversation's next turn returns to the sequence holding its earlier turns, and a new
   * conversation does not overwrite another's cache for the few template tokens they share.
   */
  Sequence bestFor(int[] prompt) {
    Sequence best = null;
    int bestPrefix = -1;
    Sequence oldest = null;
    for (Sequence sequence : sequences) {
      if (!sequence.free()) {
        continue;
      }
      if (oldest == null || sequence.lastUsed() < oldest.lastUsed()) {
        oldest = sequence;
      }
      int prefix = sequence.reusablePrefix(prompt);
      if (2L * prefix < sequence.cachedTokens()) {
        continue;
      }
      if (prefix > bestPrefix || (prefix == bestPrefix && sequence.lastUsed() < best.lastUsed())) {
        best = sequence;
        bestPrefix = prefix;
      }
    }
    return best != null ? best : oldest;
  }

  /**
   * Keeps the cached prefix {@code prompt} shares (after restoring a longer one from the host
   * cache), copies what else the sequence held to the host cache and removes those cells.
   *
   * @return how many leading prompt tokens the sequence holds
   */
  int keepPrefixOf(Sequence sequence, int[] prompt) {
    int reused = restoreLongerPrefix(sequence, prompt);
    saveToHostCache(sequence, reused);
    if (!library.removeSequence(context, sequence.id(), reused, -1)) {
      removeAll(sequence);
      reused = 0;
    }
    return reused;
  }

  /** Frees the cells of the idle sequence with a cache that ran longest ago; false when none. */
  boolean evictLeastRecentlyUsed() {
    Sequence oldest = null;
    for (Sequence sequence : sequences) {
      if (sequence.free()
          && sequence.cachedTokens() > 0
          && (oldest == null || sequence.lastUsed() < oldest.lastUsed())) {
        oldest = sequence;
      }
    }
    if (oldest == null) {
      return false;
    }
    LOG.debug(
        "no KV-cache slot; dropping the {} tokens cached by sequence {}",
        oldest.cachedTokens(),
        oldest.id());
    saveToHostCache(oldest, 0);
    removeAll(oldest);
    oldest.forgetCache();
    status.publish();
    return true;
  }

  /** Frees every cell {@code sequence} holds. */
  void removeAll(Sequence sequence) {
    if (!library.removeSequence(context, sequence.id(), -1, -1)) {
      throw new EngineException("llama_kv_self_seq_rm refused to free sequence " + sequence.id());
    }
  }

  /** Empties the whole KV cache, after a failure left its content unknown. */
  void clearAll() {
    library.clearCache(context);
    for (Sequence sequence : sequences) {
      sequence.forgetCache();
    }
  }

  /** Frees the host cache's copies. */
  void clearHostCache() {
    hostCache.clear();
  }

  /**
   * How many prompt tokens {@code sequence} holds, after replacing its cache with the host cache's
   * copy that shares a longer prefix (by at least {@link #MIN_CACHED_TOKENS}), if there is one;
   * what the sequence held is copied to the host cache first. The copy stays in the host cache: the
   * sequence may overwrite it later. When it finds no room in the KV cache, even after dropping
   * idle sequences' caches, the sequence holds nothing.
   */
  private int restoreLongerPrefix(Sequence sequence, int[] prompt) {
    int live = sequence.reusablePrefix(prompt);
    HostPromptCache.Match match = hostCache.best(prompt, live + MIN_CACHED_TOKENS - 1).orElse(null);
    if (match == null) {
      return live;
    }
    hostCache.take(match);
    saveToHostCache(sequence, 0);
    sequence.forgetCache();
    HostState state = (HostState) match.state();
    boolean restored;
    do {
      restored = library.restoreSequence(context, sequence.id(), state.data());
    } while (!restored && evictLeastRecentlyUsed());
    hostCache.put(match.tokens(), state);
    if (!restored) {
      LOG.debug("no KV-cache room to restore {} cached tokens", match.tokens().length);
      return 0;
    }
    sequence.restored(match.tokens());
    LOG.debug(
        "sequence {}: restored {} of the prompt's tokens from the host cache",
        sequence.id(),
        match.prefix());
    return match.prefix();
  }

  /**
   * Copies {@code sequence}'s KV-cache state to the host cache when it holds at least {@link
   * #MIN_CACHED_TOKENS} tokens after the first {@code kept} (which stay in the sequence) and the
   * host cache has no copy of them.
   */
  private void saveToHostCache(Sequence sequence, int kept) {
    if (!hostCache.enabled() || sequence.cachedTokens() - kept < MIN_CACHED_TOKENS) {
      return;
    }
    int[] tokens = sequence.cachedTokenIds();
    if (hostCache.holds(tokens)) {
      return;
    }
    long size = library.sequenceStateSize(context, sequence.id());
    if (!hostCache.accepts(size)) {
      return;
    }
    Arena memory = Arena.ofConfined();
    try {
      MemorySegment data = memory.allocate(size);
      library.saveSequence(context, sequence.id(), data);
      hostCache.put(tokens, new HostState(memory, data));
    } catch (RuntimeException e) {
      memory.close();
      throw e;
    }
  }

  /** A KV-cache state in host memory, freed when the host cache drops it. */
  private record HostState(Arena memory, MemorySegment data) implements HostPromptCache.State {
    @Override
    public long bytes() {
      return data.byteSize();
    }

    @Override
    public void close() {
      memory.close();
    }
  }
}
