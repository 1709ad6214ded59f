package dev.samovar.engine.llama;

import dev.samovar.engine.EngineException;
import dev.samovar.engine.FinishReason;
import dev.samovar.engine.GenerationResult;
import dev.samovar.engine.TextDelta;
import dev.samovar.engine.Timings;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.time.Duration;
import java.util.concurrent.locks.Lock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine thread's work: continuous batching over one llama_context. Each step admits waiting
 * generations into free sequences, builds one batch with a token for every generating sequence and
 * prompt chunks in the room left, decodes it, samples every sequence that has logits, emits, and
 * retires finished or cancelled sequences, freeing their KV cells. It owns the context, the batch
 * and the samplers, and frees them, and the model, when the queue closes.
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
  private final Sequence[] sequences;
  private final WorkQueue queue;
  private final int contextLength;
  private final Lock modelWriteLock;
  private int rotation;

  /**
   * @param context the context, owned from now on
   * @param arena memory owned from now on (the batch and scratch buffers)
   * @param contextLength tokens each sequence may hold
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
      Lock modelWriteLock) {
    this.library = library;
    this.model = model;
    this.vocabulary = model.vocabulary();
    this.context = context;
    this.arena = arena;
    this.batch = batch;
    this.pieceBuffer = arena.allocate(256);
    this.sequences = new Sequence[sequences];
    for (int i = 0; i < sequences; i++) {
      this.sequences[i] = new Sequence(i);
    }
    this.queue = queue;
    this.contextLength = contextLength;
    this.modelWriteLock = modelWriteLock;
  }

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
      }
    } finally {
      shutdown();
    }
  }

  private void step() {
    if (queue.takeCancellations()) {
      retireCancelled();
    }
    admit();
    if (idle()) {
      queue.awaitWork();
      return;
    }
    int budget = batch.capacity();
    int status;
    while (true) {
      fill(budget);
      status = library.decode(context, batch.struct());
      if (status != 1 || batch.size() == 1) {
        break;
      }
      budget = batch.size() / 2;
      LOG.debug("no KV-cache slot for {} tokens; retrying with {}", batch.size(), budget);
    }
    if (status != 0) {
      failBatch(status);
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
      completeUnstarted(generation);
    }
    for (Sequence sequence : sequences) {
      if (!sequence.free() && sequence.generation().cancelled()) {
        finish(sequence, FinishReason.CANCELLED);
      }
    }
  }

  private void admit() {
    for (Sequence sequence : sequences) {
      if (!sequence.free()) {
        continue;
      }
      Generation generation = queue.poll();
      while (generation != null && generation.cancelled()) {
        completeUnstarted(generation);
        generation = queue.poll();
      }
      if (generation == null) {
        return;
      }
      start(sequence, generation);
    }
  }

  private void start(Sequence sequence, Generation generation) {
    SamplerChain sampler;
    try {
      sampler = SamplerChain.create(library, generation.request().sampling());
    } catch (EngineException e) {
      error(generation, e);
      return;
    }
    Integer maxTokens = generation.request().maxTokens();
    int room = contextLength - generation.prompt().length;
    sequence.start(generation, sampler, maxTokens == null ? room : Math.min(maxTokens, room));
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
    int token = sequence.sampler().sample(context, row);
    if (sequence.completion().tokens() == 0) {
      sequence.firstTokenSampled();
    }
    boolean end = vocabulary.isEndOfGeneration(token);
    byte[] piece = end ? NO_BYTES : vocabulary.piece(token, pieceBuffer);
    Completion.Step step = sequence.completion().accept(token, end, piece);
    if (!deliver(sequence, step.delta())) {
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

  private void finish(Sequence sequence, FinishReason reason) {
    GenerationResult result = sequence.result(reason);
    Generation generation = sequence.generation();
    release(sequence);
    try {
      generation.sink().onComplete(result);
    } catch (RuntimeException e) {
      LOG.warn("a generation's sink failed on completion", e);
    }
  }

  private void fail(Sequence sequence, EngineException error) {
    Generation generation = sequence.generation();
    release(sequence);
    error(generation, error);
  }

  private void failBatch(int status) {
    String reason =
        switch (status) {
          case 1 -> "no room in the KV cache";
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
  }

  /** Frees a sequence's sampler and KV cells and makes it free. */
  private void release(Sequence sequence) {
    try {
      sequence.sampler().free();
      if (!library.removeSequence(context, sequence.id(), -1, -1)) {
        throw new EngineException("llama_kv_self_seq_rm refused to free sequence " + sequence.id());
      }
    } finally {
      sequence.clear();
    }
  }

  private static void completeUnstarted(Generation generation) {
    Duration queued = Duration.ofNanos(System.nanoTime() - generation.submittedNanos());
    GenerationResult result =
        new GenerationResult(
            FinishReason.CANCELLED, 0, 0, 0, new Timings(queued, Duration.ZERO, Duration.ZERO));
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
