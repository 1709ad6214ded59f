package dev.samovar.engine.llama;

import dev.samovar.engine.FinishReason;
import dev.samovar.engine.GenerationResult;
import dev.samovar.engine.Timings;
import java.time.Duration;

/**
 * One of the context's sequences (a KV-cache seq_id) and the generation it runs: how much of the
 * prompt is in the cache, the sampled token still to feed, and where the current batch holds its
 * rows.
 */
final class Sequence {
  private final int id;
  private Generation generation;
  private SamplerChain sampler;
  private Completion completion;
  private int fed;
  private int pendingToken = -1;
  private int batchRows;
  private int logitsRow = -1;
  private long admittedNanos;
  private long firstTokenNanos;

  Sequence(int id) {
    this.id = id;
  }

  int id() {
    return id;
  }

  boolean free() {
    return generation == null;
  }

  Generation generation() {
    return generation;
  }

  SamplerChain sampler() {
    return sampler;
  }

  Completion completion() {
    return completion;
  }

  /** Takes a generation; {@code limit} is the most tokens it may sample. */
  void start(Generation generation, SamplerChain sampler, int limit) {
    this.generation = generation;
    this.sampler = sampler;
    this.completion = new Completion(generation.request().stop(), limit);
    this.fed = 0;
    this.pendingToken = -1;
    this.batchRows = 0;
    this.logitsRow = -1;
    this.admittedNanos = System.nanoTime();
  }

  /** Whether prompt tokens remain to be fed. */
  boolean prompting() {
    return generation != null && fed < generation.prompt().length;
  }

  int promptRemaining() {
    return generation.prompt().length - fed;
  }

  int promptToken(int index) {
    return generation.prompt()[index];
  }

  int fed() {
    return fed;
  }

  /** Whether a sampled token waits to be fed. */
  boolean generating() {
    return pendingToken >= 0;
  }

  int pendingToken() {
    return pendingToken;
  }

  /** The position of the pending token: after the prompt and the tokens fed before it. */
  int pendingPosition() {
    return generation.prompt().length + completion.tokens() - 1;
  }

  /** Notes the rows this sequence has in the batch being built; -1 when none has logits. */
  void placed(int rows, int logitsRow) {
    this.batchRows = rows;
    this.logitsRow = logitsRow;
  }

  int batchRows() {
    return batchRows;
  }

  int logitsRow() {
    return logitsRow;
  }

  /** The batch was decoded: its rows are in the KV cache now. */
  void decoded() {
    if (pendingToken >= 0) {
      pendingToken = -1;
    } else {
      fed += batchRows;
    }
    batchRows = 0;
  }

  /** A token was sampled and generation goes on: it is fed in the next batch. */
  void continueWith(int token) {
    pendingToken = token;
  }

  void firstTokenSampled() {
    firstTokenNanos = System.nanoTime();
  }

  /** How the generation ended, for its sink. */
  GenerationResult result(FinishReason reason) {
    long now = System.nanoTime();
    boolean sampled = completion.tokens() > 0;
    Timings timings =
        new Timings(
            Duration.ofNanos(admittedNanos - generation.submittedNanos()),
            Duration.ofNanos((sampled ? firstTokenNanos : now) - admittedNanos),
            Duration.ofNanos(sampled ? now - firstTokenNanos : 0));
    return new GenerationResult(reason, fed, 0, completion.tokens(), timings);
  }

  /** Forgets the generation; the caller has freed its sampler and KV cells. */
  void clear() {
    generation = null;
    sampler = null;
    completion = null;
    pendingToken = -1;
    batchRows = 0;
    logitsRow = -1;
  }
}
