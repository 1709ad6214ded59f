package dev.samovar.engine.llama;

import dev.samovar.engine.EngineException;
import dev.samovar.engine.EngineStatus;
import dev.samovar.engine.EngineStoppedException;
import dev.samovar.engine.FinishReason;
import dev.samovar.engine.GenerationResult;
import dev.samovar.engine.TextDelta;
import dev.samovar.engine.Timings;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.Lock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine thread's work: continuous batching over one llama_context. Each step admits waiting
 * generations into free sequences (each onto the one whose cached tokens share the longest prefix
 * with its prompt, as llama-server's cache_prompt does, among those whose cache the prompt mostly
 * continues), builds one batch with a token for every generating sequence and prompt chunks in the
 * room left, decodes it, samples every sequence that has logits, emits, and retires finished or
 * cancelled sequences. A sequence keeps its KV cells after a generation ends normally and frees
 * them after a cancellation or a failure; before cached tokens are overwritten or dropped for room,
 * their state is copied to the host-RAM {@link HostPromptCache}, from which a prompt that continues
 * them further than its sequence does gets it back. It owns the context, the batch and the
 * samplers, and frees them, and the model, when the queue closes. It publishes an {@link
 * EngineStatus} whenever a sequence changes.
 */
final class EngineLoop implements Runnable {
  private static final Logger LOG = LoggerFactory.getLogger(EngineLoop.class);
  private static final byte[] NO_BYTES = {};

  /** llama_decode's "no KV-cache slot for the batch". */
  private static final int NO_KV_SLOT = 1;

  /** What b4916's llama_decode returns instead when it finds no KV-cache slot for the batch. */
  private static final int NO_KV_SLOT_B4916 = -3;

  /** Fewer cached tokens than this are not worth a copy in the host cache, nor a restore. */
  static final int MIN_CACHED_TOKENS = 16;

  private final LlamaLibrary library;
  private final LlamaModelFile model;
  private final LlamaVocabulary vocabulary;
  private final MemorySegment context;
  private final Arena arena;
  private final LlamaBatch batch;
  private final MemorySegment pieceBuffer;
  private final Logprobs logprobs;
  private final Sequence[] sequences;
  private final WorkQueue queue;
  private final int contextLength;
  private final Lock modelWriteLock;
  private final HostPromptCache hostCache;
  private int rotation;
  private long starts;
  private volatile EngineStatus status;
  private volatile EngineStoppedException failure;

  /**
   * @param context the context, owned from now on
   * @param arena memory owned from now on (the batch and scratch buffers)
   * @param contextLength tokens each sequence may hold
   * @param promptCacheBytes the most bytes of KV-cache states kept in host RAM; negative for no
   *     bound, 0 for none
   * @param modelWriteLock held while the model is freed, so no other thread uses its vocabulary
   */
  EngineLoop(
      LlamaLibrary library,
      LlamaModelFile model,
      MemorySegment context,
      Arena arena,
      LlamaBatch batch,
      int sequences,
      WorkQueue queue,
      int contextLength,
      long promptCacheBytes,
      Lock modelWriteLock) {
    this.library = library;
    this.model = model;
    this.vocabulary = model.vocabulary();
    this.context = context;
    this.arena = arena;
    this.batch = batch;
    this.pieceBuffer = arena.allocate(LlamaVocabulary.PIECE_CAPACITY);
    this.logprobs =
        new Logprobs(vocabulary.size(), token -> vocabulary.piece(token, true, pieceBuffer));
    this.sequences = new Sequence[sequences];
    for (int i = 0; i < sequences; i++) {
      this.sequences[i] = new Sequence(i, contextLength);
    }
    this.queue = queue;
    this.contextLength = contextLength;
    this.modelWriteLock = modelWriteLock;
    this.hostCache = new HostPromptCache(promptCacheBytes);
    publish();
  }

  /**
   * The latest snapshot: published after every step, when a generation starts and when one ends
   * (before its sink hears of it).
   */
  EngineStatus status() {
    return status;
  }

  private void publish() {
    List<EngineStatus.Slot> slots = new ArrayList<>(sequences.length);
    for (Sequence sequence : sequences) {
      slots.add(sequence.slot());
    }
    status =
        new EngineStatus(
            slots, queue.size(), new EngineStatus.HostCache(hostCache.size(), hostCache.bytes()));
  }

  /** Why the engine thread stopped, or null while it runs or after a normal close. */
  EngineStoppedException failure() {
    return failure;
  }

  /**
   * Runs steps until the queue closes. A step that throws fails the running generations and the
   * engine goes on; anything else that escapes (an {@link Error}, or failing those generations
   * fails too) stops the engine: it records why, fails every running and waiting generation with
   * that and closes the queue, so that nothing is submitted any more.
   */
  @Override
  public void run() {
    try {
      while (!queue.closed()) {
        try {
          step();
        } catch (RuntimeException e) {
          LOG.error("engine step failed; failing the running generations", e);
          failAll(e);
        }
        publish();
      }
    } catch (Throwable fatal) {
      stop(new EngineStoppedException(fatal));
    } finally {
      shutdown();
    }
  }

  private void stop(EngineStoppedException stopped) {
    failure = stopped;
    LOG.error("the engine thread stopped; every generation fails from now on", stopped.getCause());
    queue.close();
    List<Generation> failed = new ArrayList<>();
    for (Sequence sequence : sequences) {
      if (!sequence.free()) {
        failed.add(sequence.generation());
        sequence.clear(false);
      }
    }
    failed.addAll(queue.drain());
    // The status shows the freed sequences before any sink hears of the failure.
    publish();
    for (Generation generation : failed) {
      try {
        generation.sampler().free();
        generation.sink().onError(stopped);
      } catch (Throwable e) {
        LOG.warn("a generation's sink failed on the engine's failure", e);
      }
    }
  }

  private void step() {
    if (queue.takeCancellations()) {
      retireCancelled();
    }
    admit();
    if (idle()) {
      publish();
      queue.awaitWork();
      return;
    }
    int decoded = decodeBatch();
    if (decoded != 0) {
      failBatch(decoded);
      return;
    }
    for (Sequence sequence : sequences) {
      if (sequence.batchRows() > 0) {
        afterDecode(sequence);
      }
    }
  }

  /**
   * Fills and decodes a batch. llama.cpp b4916 needs a contiguous run of free KV cells for a batch
   * and reports -3 (older and newer versions: 1) when there is none: then the least recently used
   * idle sequence's cache is freed, and when no cache is left the batch is halved, down to one
   * token. Each sequence holds at most a context length of cells, so one token always fits.
   */
  private int decodeBatch() {
    int budget = batch.capacity();
    while (true) {
      fill(budget);
      int decoded = library.decode(context, batch.struct());
      if (decoded != NO_KV_SLOT && decoded != NO_KV_SLOT_B4916) {
        return decoded;
      }
      if (evictLeastRecentlyUsedCache()) {
        continue;
      }
      if (batch.size() == 1) {
        return decoded;
      }
      budget = batch.size() / 2;
      LOG.debug("no KV-cache slot for {} tokens; retrying with {}", batch.size(), budget);
    }
  }

  /** Frees the cells of the idle sequence with a cache that ran longest ago; false when none. */
  private boolean evictLeastRecentlyUsedCache() {
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
    publish();
    return true;
  }

  private void retireCancelled() {
    for (Generation generation : queue.removeCancelled()) {
      completeUnstarted(generation);
    }
    for (Sequence sequence : sequences) {
      if (!sequence.free() && sequence.generation().cancelled()) {
        TextDelta held = sequence.completion().flush();
        if (held != null) {
          deliver(sequence, held);
        }
        finish(sequence, FinishReason.CANCELLED);
      }
    }
  }

  /** Gives each waiting generation, oldest first, the free sequence with most of it cached. */
  private void admit() {
    while (anyFree()) {
      Generation generation = queue.poll();
      while (generation != null && generation.cancelled()) {
        completeUnstarted(generation);
        generation = queue.poll();
      }
      if (generation == null) {
        return;
      }
      start(bestFor(generation.prompt()), generation);
      publish();
    }
  }

  private boolean anyFree() {
    for (Sequence sequence : sequences) {
      if (sequence.free()) {
        return true;
      }
    }
    return false;
  }

  /**
   * The free sequence for {@code prompt}: of those whose cache the prompt mostly continues (it
   * shares at least half of their cached tokens; an empty one qualifies), the one sharing the
   * longest prefix, then the least recently used; when none qualifies, the least recently used. So
   * a conversation's next turn returns to the sequence holding its earlier turns, and a new
   * conversation does not overwrite another's cache for the few template tokens they share.
   */
  private Sequence bestFor(int[] prompt) {
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
   * Keeps the cached prefix the prompt shares (after restoring a longer one from the host cache),
   * copies what else the sequence held to the host cache, removes those cells, takes the prompt.
   */
  private void start(Sequence sequence, Generation generation) {
    int reused = restoreLongerPrefix(sequence, generation.prompt());
    saveToHostCache(sequence, reused);
    if (!library.removeSequence(context, sequence.id(), reused, -1)) {
      removeAll(sequence);
      reused = 0;
    }
    Integer maxTokens = generation.request().maxTokens();
    int room = contextLength - generation.prompt().length;
    sequence.start(
        generation, reused, maxTokens == null ? room : Math.min(maxTokens, room), ++starts);
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
    } while (!restored && evictLeastRecentlyUsedCache());
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

  private boolean idle() {
    for (Sequence sequence : sequences) {
      if (!sequence.free()) {
        return false;
      }
    }
    return true;
  }

  /** Builds the batch: first one token per generating sequence, then prompt chunks. */
  private void fill(int budget) {
    batch.clear();
    int count = sequences.length;
    int first = rotation;
    rotation = (rotation + 1) % count;
    int room = budget;
    for (int i = 0; i < count; i++) {
      Sequence sequence = sequences[(first + i) % count];
      sequence.placed(0, -1);
      if (sequence.generating() && room > 0) {
        int row =
            batch.add(sequence.pendingToken(), sequence.pendingPosition(), sequence.id(), true);
        sequence.placed(1, row);
        room--;
      }
    }
    for (int i = 0; i < count && room > 0; i++) {
      Sequence sequence = sequences[(first + i) % count];
      if (sequence.prompting()) {
        room -= placePromptChunk(sequence, room);
      }
    }
  }

  private int placePromptChunk(Sequence sequence, int room) {
    int take = Math.min(sequence.promptRemaining(), room);
    boolean sampleAfter = take == sequence.promptRemaining() && !sequence.completion().exhausted();
    int logitsRow = -1;
    for (int j = 0; j < take; j++) {
      int position = sequence.fed() + j;
      boolean logits = sampleAfter && j == take - 1;
      int row = batch.add(sequence.promptToken(position), position, sequence.id(), logits);
      if (logits) {
        logitsRow = row;
      }
    }
    sequence.placed(take, logitsRow);
    return take;
  }

  private void afterDecode(Sequence sequence) {
    int row = sequence.logitsRow();
    sequence.decoded();
    if (row >= 0) {
      sampleAndEmit(sequence, row);
    } else if (!sequence.prompting() && sequence.completion().exhausted()) {
      finish(sequence, FinishReason.LENGTH);
    }
  }

  private void sampleAndEmit(Sequence sequence, int row) {
    Integer top = sequence.generation().request().topLogprobs();
    if (top != null) {
      logprobs.capture(library.logits(context, row, vocabulary.size()));
    }
    int token = sequence.sampler().sample(context, row);
    if (sequence.completion().tokens() == 0) {
      sequence.firstTokenSampled();
    }
    boolean end = vocabulary.isEndOfGeneration(token);
    byte[] piece = end ? NO_BYTES : vocabulary.piece(token, false, pieceBuffer);
    Completion.Step step =
        sequence
            .completion()
            .accept(token, end, piece, top == null ? null : logprobs.entry(token, top));
    if (step.delta() != null && !deliver(sequence, step.delta())) {
      finish(sequence, FinishReason.CANCELLED);
    } else if (step.finish() != null) {
      finish(sequence, step.finish());
    } else if (sequence.generation().cancelled()) {
      finish(sequence, FinishReason.CANCELLED);
    } else {
      sequence.continueWith(token);
    }
  }

  private boolean deliver(Sequence sequence, TextDelta delta) {
    try {
      sequence.generation().sink().onDelta(delta);
      return true;
    } catch (RuntimeException e) {
      LOG.warn("a generation's sink failed; cancelling the generation", e);
      return false;
    }
  }

  /** Ends a generation; its tokens stay cached unless it was cancelled. */
  private void finish(Sequence sequence, FinishReason reason) {
    GenerationResult result = sequence.result(reason);
    Generation generation = sequence.generation();
    release(sequence, reason != FinishReason.CANCELLED);
    try {
      generation.sink().onComplete(result);
    } catch (RuntimeException e) {
      LOG.warn("a generation's sink failed on completion", e);
    }
  }

  private void fail(Sequence sequence, EngineException error) {
    Generation generation = sequence.generation();
    release(sequence, false);
    error(generation, error);
  }

  private void failBatch(int status) {
    String reason =
        switch (status) {
          case NO_KV_SLOT, NO_KV_SLOT_B4916 -> "no room in the KV cache";
          case 2 -> "decoding was aborted";
          default -> "llama_decode failed with status " + status;
        };
    for (Sequence sequence : sequences) {
      if (sequence.batchRows() > 0) {
        fail(sequence, new EngineException("generation failed: " + reason));
      }
    }
  }

  private void failAll(RuntimeException cause) {
    EngineException error =
        cause instanceof EngineException engine
            ? engine
            : new EngineException("generation failed: " + cause, cause);
    for (Sequence sequence : sequences) {
      if (!sequence.free()) {
        fail(sequence, error);
      }
    }
    library.clearCache(context);
    for (Sequence sequence : sequences) {
      sequence.forgetCache();
    }
  }

  /**
   * Frees a sequence's sampler and makes it free; its KV cells stay as a cache with {@code
   * keepCache}, otherwise they are freed.
   */
  private void release(Sequence sequence, boolean keepCache) {
    try {
      sequence.sampler().free();
      if (!keepCache) {
        removeAll(sequence);
      }
    } finally {
      sequence.clear(keepCache);
      publish();
    }
  }

  private void removeAll(Sequence sequence) {
    if (!library.removeSequence(context, sequence.id(), -1, -1)) {
      throw new EngineException("llama_kv_self_seq_rm refused to free sequence " + sequence.id());
    }
  }

  private void completeUnstarted(Generation generation) {
    generation.sampler().free();
    publish();
    Duration queued = Duration.ofNanos(System.nanoTime() - generation.submittedNanos());
    GenerationResult result =
        new GenerationResult(
            FinishReason.CANCELLED,
            0,
            0,
            0,
            new Timings(queued, Duration.ZERO, Duration.ZERO),
            null);
    try {
      generation.sink().onComplete(result);
    } catch (RuntimeException e) {
      LOG.warn("a generation's sink failed on completion", e);
    }
  }

  private static void error(Generation generation, EngineException error) {
    try {
      generation.sink().onError(error);
    } catch (RuntimeException e) {
      LOG.warn("a generation's sink failed on error", e);
    }
  }

  /** Cancels everything left, then frees the samplers, batch, context and model, once each. */
  private void shutdown() {
    queue.close();
    try {
      for (Sequence sequence : sequences) {
        if (!sequence.free()) {
          finish(sequence, FinishReason.CANCELLED);
        }
      }
      for (Generation generation : queue.drain()) {
        completeUnstarted(generation);
      }
    } finally {
      hostCache.clear();
      batch.free();
      modelWriteLock.lock();
      try {
        library.freeContext(context);
        model.close();
      } finally {
        modelWriteLock.unlock();
        arena.close();
      }
    }
  }
}
