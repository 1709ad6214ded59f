package dev.samovar.engine.llama;

import dev.samovar.engine.EngineException;
import dev.samovar.engine.EngineStatus;
import dev.samovar.engine.EngineStoppedException;
import dev.samovar.engine.FinishReason;
import dev.samovar.engine.TextDelta;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.Lock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine thread's work: continuous batching over one llama_context. Each step admits waiting
 * generations into free sequences (each onto the one whose cached tokens share the longest prefix
 * with its prompt, as llama-server's cache_prompt does, among those whose cache the prompt mostly
 * continues: {@link SequenceCaches}), builds one batch with a token for every generating sequence
 * and prompt chunks in the room left and decodes it ({@link BatchDecoder}), samples every sequence
 * that has logits, emits, and retires finished or cancelled sequences ({@link GenerationEnds}). A
 * sequence keeps its KV cells after a generation ends normally and frees them after a cancellation
 * or a failure; before cached tokens are overwritten or dropped for room, their state is copied to
 * the host-RAM {@link HostPromptCache}, from which a prompt that continues them further than its
 * sequence does gets it back. It owns the context, the batch and the samplers, and frees them, and
 * the model, when the queue closes. It publishes an {@link EngineStatus} whenever a sequence
 * changes ({@link StatusPublisher}).
 */
final class EngineLoop implements Runnable {
  private static final Logger LOG = LoggerFactory.getLogger(EngineLoop.class);
  private static final byte[] NO_BYTES = {};

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
  private final StatusPublisher status;
  private final SequenceCaches caches;
  private final BatchDecoder decoder;
  private final GenerationEnds ends;
  private long starts;
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
    HostPromptCache hostCache = new HostPromptCache(promptCacheBytes);
    this.status = new StatusPublisher(this.sequences, queue, hostCache);
    this.caches = new SequenceCaches(library, context, this.sequences, hostCache, status);
    this.decoder = new BatchDecoder(library, context, batch, this.sequences, caches);
    this.ends = new GenerationEnds(caches, status);
  }

  /**
   * The latest snapshot: published after every step, when a generation starts and when one ends
   * (before its sink hears of it).
   */
  EngineStatus status() {
    return status.status();
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
        status.publish();
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
    status.publish();
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
      status.publish();
      queue.awaitWork();
      return;
    }
    int decoded = decoder.decode();
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

  private void retireCancelled() {
    for (Generation generation : queue.removeCancelled()) {
      ends.cancelUnstarted(generation);
    }
    for (Sequence sequence : sequences) {
      if (!sequence.free() && sequence.generation().cancelled()) {
        TextDelta held = sequence.completion().flush();
        if (held != null) {
          ends.deliver(sequence, held);
        }
        ends.finish(sequence, FinishReason.CANCELLED);
      }
    }
  }

  /** Gives each waiting generation, oldest first, the free sequence with most of it cached. */
  private void admit() {
    while (anyFree()) {
      Generation generation = queue.poll();
      while (generation != null && generation.cancelled()) {
        ends.cancelUnstarted(generation);
        generation = queue.poll();
      }
      if (generation == null) {
        return;
      }
      start(caches.bestFor(generation.prompt()), generation);
      status.publish();
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

  /** Gives {@code sequence} the prompt, keeping the prefix of it that the sequence holds. */
  private void start(Sequence sequence, Generation generation) {
    int reused = caches.keepPrefixOf(sequence, generation.prompt());
    Integer maxTokens = generation.request().maxTokens();
    int room = contextLength - generation.prompt().length;
    sequence.start(
        generation, reused, maxTokens == null ? room : Math.min(maxTokens, room), ++starts);
  }

  private boolean idle() {
    for (Sequence sequence : sequences) {
      if (!sequence.free()) {
        return false;
      }
    }
    return true;
  }

  private void afterDecode(Sequence sequence) {
    int row = sequence.logitsRow();
    sequence.decoded();
    if (row >= 0) {
      sampleAndEmit(sequence, row);
    } else if (!sequence.prompting() && sequence.completion().exhausted()) {
      ends.finish(sequence, FinishReason.LENGTH);
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
    if (step.delta() != null && !ends.deliver(sequence, step.delta())) {
      ends.finish(sequence, FinishReason.CANCELLED);
    } else if (step.finish() != null) {
      ends.finish(sequence, step.finish());
    } else if (sequence.generation().cancelled()) {
      ends.finish(sequence, FinishReason.CANCELLED);
    } else {
      sequence.continueWith(token);
    }
  }

  private void failBatch(int decoded) {
    String reason = BatchDecoder.failure(decoded);
    for (Sequence sequence : sequences) {
      if (sequence.batchRows() > 0) {
        ends.fail(sequence, new EngineException("generation failed: " + reason));
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
        ends.fail(sequence, error);
      }
    }
    caches.clearAll();
  }

  /** Cancels everything left, then frees the samplers, batch, context and model, once each. */
  private void shutdown() {
    queue.close();
    try {
      for (Sequence sequence : sequences) {
        if (!sequence.free()) {
          ends.finish(sequence, FinishReason.CANCELLED);
        }
      }
      for (Generation generation : queue.drain()) {
        ends.cancelUnstarted(generation);
      }
    } finally {
      caches.clearHostCache();
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
