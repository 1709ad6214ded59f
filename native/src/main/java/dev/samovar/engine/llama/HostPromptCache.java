package dev.samovar.engine.llama;

import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Host-RAM copies of the KV-cache states that sequences give up, as llama-server's {@code
 * --cache-ram}: before a sequence's cached tokens are overwritten by another prompt or dropped for
 * room, the engine copies their state here; a later prompt that shares a longer prefix with a copy
 * than with its sequence gets the copy restored instead of paying that prefix's prefill again.
 *
 * <p>Entries are keyed by their tokens (content hash): one copy per token sequence, and a copy
 * whose tokens another one extends is dropped for it. The copies' bytes are bounded; the least
 * recently used go first. Only the engine thread uses it.
 */
final class HostPromptCache {
  /** A saved state: its size, and the memory it holds until closed. */
  interface State extends AutoCloseable {
    long bytes();

    @Override
    void close();
  }

  /**
   * A copy that a prompt continues.
   *
   * @param tokens the tokens whose state it holds
   * @param prefix how many leading prompt tokens it holds
   */
  record Match(int[] tokens, int prefix, State state) {}

  private record Key(int[] tokens) {
    @Override
    public boolean equals(Object other) {
      return other instanceof Key key && Arrays.equals(tokens, key.tokens);
    }

    @Override
    public int hashCode() {
      return Arrays.hashCode(tokens);
    }
  }

  private final long capacity;
  private final Map<Key, State> entries = new LinkedHashMap<>(16, 0.75f, true);
  private long bytes;

  /**
   * @param capacity the most bytes the copies may take; negative for no bound, 0 to keep none
   */
  HostPromptCache(long capacity) {
    this.capacity = capacity;
  }

  /** Whether it keeps copies at all. */
  boolean enabled() {
    return capacity != 0;
  }

  /** Whether a copy of {@code size} bytes would be kept. */
  boolean accepts(long size) {
    return capacity < 0 || (capacity > 0 && size <= capacity);
  }

  /**
   * Keeps {@code state}, the state of {@code tokens}, and owns it from now on: it is closed when it
   * is dropped, right away when it is too large or another copy extends its tokens.
   */
  void put(int[] tokens, State state) {
    if (!accepts(state.bytes()) || extended(tokens)) {
      state.close();
      return;
    }
    Iterator<Map.Entry<Key, State>> it = entries.entrySet().iterator();
    while (it.hasNext()) {
      Map.Entry<Key, State> entry = it.next();
      if (startsWith(tokens, entry.getKey().tokens())) {
        it.remove();
        drop(entry.getValue());
      }
    }
    entries.put(new Key(tokens.clone()), state);
    bytes += state.bytes();
    Iterator<State> oldest = entries.values().iterator();
    while (capacity > 0 && bytes > capacity) {
      State dropped = oldest.next();
      oldest.remove();
      drop(dropped);
    }
  }

  private boolean extended(int[] tokens) {
    for (Key key : entries.keySet()) {
      if (key.tokens().length > tokens.length && startsWith(key.tokens(), tokens)) {
        return true;
      }
    }
    return false;
  }

  /**
   * The copy sharing the longest prefix with {@code prompt}, up to all but its last token (whose
   * logits the prompt needs), when that prefix is longer than {@code atLeast}.
   */
  Optional<Match> best(int[] prompt, int atLeast) {
    Match best = null;
    for (Map.Entry<Key, State> entry : entries.entrySet()) {
      int[] tokens = entry.getKey().tokens();
      int prefix = commonPrefix(tokens, prompt, prompt.length - 1);
      if (prefix > atLeast && (best == null || prefix > best.prefix())) {
        best = new Match(tokens, prefix, entry.getValue());
      }
    }
    return Optional.ofNullable(best);
  }

  /**
   * Takes {@code match}'s copy out: the caller owns its state from now on and gives it back with
   * {@link #put}, so that nothing the caller does meanwhile drops it.
   */
  void take(Match match) {
    if (entries.remove(new Key(match.tokens())) != null) {
      bytes -= match.state().bytes();
    }
  }

  /** Whether it holds a copy of exactly {@code tokens}. */
  boolean holds(int[] tokens) {
    return entries.containsKey(new Key(tokens));
  }

  /** Bytes the copies take. */
  long bytes() {
    return bytes;
  }

  int size() {
    return entries.size();
  }

  /** Drops every copy. */
  void clear() {
    entries.values().forEach(this::drop);
    entries.clear();
  }

  private void drop(State state) {
    bytes -= state.bytes();
    state.close();
  }

  private static boolean startsWith(int[] tokens, int[] prefix) {
    return prefix.length <= tokens.length
        && commonPrefix(tokens, prefix, prefix.length) == prefix.length;
  }

  private static int commonPrefix(int[] a, int[] b, int limit) {
    int end = Math.min(limit, Math.min(a.length, b.length));
    int length = 0;
    while (length < end && a[length] == b[length]) {
      length++;
    }
    return length;
  }
}
