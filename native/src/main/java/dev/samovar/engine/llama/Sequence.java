package dev.samovar.engine.llama;

import dev.samovar.engine.EngineStatus;
import dev.samovar.engine.FinishReason;
import dev.samovar.engine.GenerationResult;
import dev.samovar.engine.Timings;
import java.time.Duration;
import java.util.Arrays;

/**
 * One of the context's sequences (a KV-cache seq_id): the tokens its KV cache holds, kept after a
 * generation ends normally so that the next prompt sharing their prefix skips them, and the
 * generation it runs: how much of the prompt is fed, the sampled token still to feed, and where the
 * current batch holds its rows.
 */
final class Sequence {
  private final int id;
  private final int[] cached;
  private int cachedCount;
  private long lastUsed;
  private Generation generation;
  private Completion completion;
  private int reused;
  private int fed;
  private int pendingToken = -1;
  private int batchRows;
  private int logitsRow = -1;
  private long admittedNanos;
  private long firstTokenNanos;

  /**
   * @param capacity tokens the sequence may hold
   */
  Sequence(int id, int capacity) {
    this.id = id;
    this.cached = new int[capacity];
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
    return generation.sampler();
  }

  Completion completion() {
    return completion;
  }

  /**
   * How many leading tokens of {@code prompt} the KV cache holds, leaving at least the last prompt
   * token to evaluate (its logits are needed).
   */
  int reusablePrefix(int[] prompt) {
    int limit = Math.min(cachedCount, prompt.length - 1);
    int length = 0;
    while (length < limit && cached[length] == prompt[length]) {
      length++;
    }
    return length;
  }

  /** Tokens its KV cache holds. */
  int cachedTokens() {
    return cachedCount;
  }

  /** The ids of the tokens its KV cache holds. */
  int[] cachedTokenIds() {
    return Arrays.copyOf(cached, cachedCount);
  }

  /** Its KV cache holds {@code tokens} now: their saved state was restored into it. */
  void restored(int[] tokens) {
    System.arraycopy(tokens, 0, cached, 0, tokens.length);
    cachedCount = tokens.length;
  }

  /** When the sequence last ran a generation, as a counter; smaller is longer ago. */
  long lastUsed() {
    return lastUsed;
  }

  /**
   * Takes a generation whose first {@code reused} prompt tokens are in the KV cache already (the
   * caller has removed the cells after them).
   *
   * @param limit the most tokens it may sample
   * @param use the value of a counter that grows with every start
   */
  void start(Generation generation, int reused, int limit, long use) {
    this.generation = generation;
    this.completion = new Completion(generation.request().stop(), limit);
    this.reused = reused;
    this.cachedCount = reused;
    this.fed = reused;
    this.lastUsed = use;
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

  /** The position of the pending token: right after the tokens in the KV cache. */
  int pendingPosition() {
    return cachedCount;
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
      cached[cachedCount++] = pendingToken;
      pendingToken = -1;
    } else {
      System.arraycopy(generation.prompt(), fed, cached, cachedCount, batchRows);
      cachedCount += batchRows;
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
    return new GenerationResult(
        reason,
        generation.prompt().length,
        reused,
        completion.tokens(),
        timings,
        completion.stopSequence());
  }

  /** What this sequence does now. */
  EngineStatus.Slot slot() {
    if (generation == null) {
      return new EngineStatus.Slot(id, EngineStatus.State.IDLE, cachedCount, null);
    }
    EngineStatus.State state =
        prompting() ? EngineStatus.State.PROMPT : EngineStatus.State.GENERATING;
    return new EngineStatus.Slot(id, state, cachedCount, generation.request().id());
  }

  /**
   * Forgets the generation; the caller has freed its sampler. With {@code keepCache} the KV cache
   * keeps what was fed, otherwise the caller has removed the sequence's cells.
   */
  void clear(boolean keepCache) {
    if (!keepCache) {
      cachedCount = 0;
    }
    generation = null;
    completion = null;
    pendingToken = -1;
    batchRows = 0;
    logitsRow = -1;
  }

  /** The KV cache lost every cell (it was cleared). */
  void forgetCache() {
    cachedCount = 0;
  }
}
