package dev.samovar.engine.llama;

import dev.samovar.engine.EngineException;
import dev.samovar.engine.FinishReason;
import dev.samovar.engine.GenerationResult;
import dev.samovar.engine.TextDelta;
import dev.samovar.engine.Timings;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the engine thread tells a generation's sink, and how a generation ends: its deltas, then its
 * result or its error, after its sampler and sequence are released (a sequence keeps its KV cells
 * as a cache only after a normal end) and the status is published. A sink that throws is logged and
 * otherwise ignored, except on a delta: that cancels the generation.
 */
final class GenerationEnds {
  private static final Logger LOG = LoggerFactory.getLogger(GenerationEnds.class);

  private final SequenceCaches caches;
  private final StatusPublisher status;

  GenerationEnds(SequenceCaches caches, StatusPublisher status) {
    this.caches = caches;
    this.status = status;
  }

  /** Passes a delta on; false when the sink failed, so the generation is to be cancelled. */
  boolean deliver(Sequence sequence, TextDelta delta) {
    try {
      sequence.generation().sink().onDelta(delta);
      return true;
    } catch (RuntimeException e) {
      LOG.warn("a generation's sink failed; cancelling the generation", e);
      return false;
    }
  }

  /** Ends a generation; its tokens stay cached unless it was cancelled. */
  void finish(Sequence sequence, FinishReason reason) {
    GenerationResult result = sequence.result(reason);
    Generation generation = sequence.generation();
    release(sequence, reason != FinishReason.CANCELLED);
    try {
      generation.sink().onComplete(result);
    } catch (RuntimeException e) {
      LOG.warn("a generation's sink failed on completion", e);
    }
  }

  /** Ends a generation with {@code error}; its KV cells are freed. */
  void fail(Sequence sequence, EngineException error) {
    Generation generation = sequence.generation();
    release(sequence, false);
    try {
      generation.sink().onError(error);
    } catch (RuntimeException e) {
      LOG.warn("a generation's sink failed on error", e);
    }
  }

  /** Ends a generation that never got a sequence as cancelled. */
  void cancelUnstarted(Generation generation) {
    generation.sampler().free();
    status.publish();
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

  /**
   * Frees a sequence's sampler and makes it free; its KV cells stay as a cache with {@code
   * keepCache}, otherwise they are freed.
   */
  private void release(Sequence sequence, boolean keepCache) {
    try {
      sequence.sampler().free();
      if (!keepCache) {
        caches.removeAll(sequence);
      }
    } finally {
      sequence.clear(keepCache);
      status.publish();
    }
  }
}
