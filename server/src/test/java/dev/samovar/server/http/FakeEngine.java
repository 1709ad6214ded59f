package dev.samovar.server.http;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.samovar.engine.Backend;
import dev.samovar.engine.BackendInfo;
import dev.samovar.engine.ChatMessage;
import dev.samovar.engine.ContextLengthExceededException;
import dev.samovar.engine.EngineException;
import dev.samovar.engine.EngineStatus;
import dev.samovar.engine.EngineStoppedException;
import dev.samovar.engine.FinishReason;
import dev.samovar.engine.GenerationHandle;
import dev.samovar.engine.GenerationRequest;
import dev.samovar.engine.GenerationResult;
import dev.samovar.engine.GenerationSink;
import dev.samovar.engine.InferenceEngine;
import dev.samovar.engine.InvalidGenerationRequestException;
import dev.samovar.engine.ModelInfo;
import dev.samovar.engine.Prompt;
import dev.samovar.engine.TextDelta;
import dev.samovar.engine.Timings;
import dev.samovar.engine.TokenLogprob;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

/**
 * An engine at the contract boundary. Tokens: one per code point (id = code point), except that a
 * character beyond the Basic Multilingual Plane (an emoji) becomes one byte-level token per UTF-8
 * byte (id {@link #BYTE_TOKENS} + byte), and {@link #BOS} renders as {@code <s>}. Each submitted
 * generation runs a script on its own thread once one of the {@code sequences} is free; a
 * generation cancelled while it waits completes at once without starting. Every submitted request
 * is recorded. With log-probabilities asked for, a delta's token has logprob -0.5 and alternatives
 * "alt0", "alt1", ... with logprobs -1, -2, .... A JSON schema containing "unsupported" and a logit
 * bias for an id outside the vocabulary are refused at submit, like the real engine refuses what it
 * cannot run.
 */
final class FakeEngine implements InferenceEngine {
  static final String MODEL_ID = "fake";
  static final int CONTEXT_LENGTH = 1024;
  static final int CACHED_TOKENS = 2;
  static final int VOCAB_SIZE = 0x110000;
  static final int BOS = 0;
  static final int BYTE_TOKENS = 0xDC00;
  static final double LOGPROB = -0.5;

  private final int sequences;
  private final Semaphore free;
  private final String[] running;
  private final List<GenerationRequest> requests = new CopyOnWriteArrayList<>();
  private final List<Handle> handles = new CopyOnWriteArrayList<>();
  private final List<String> started = new CopyOnWriteArrayList<>();
  private final List<Thread> submitters = new CopyOnWriteArrayList<>();
  private final CountDownLatch cancelled = new CountDownLatch(1);
  private volatile Script script = Script.reply(FinishReason.STOP, "Hel", "lo", "", " wörld");
  private volatile EngineStoppedException failure;
  private int waiting;

  /** What the engine does with each submitted request. */
  sealed interface Script {
    /** Emits the deltas, then completes with the reason and one completion token per delta. */
    record Reply(FinishReason reason, List<String> deltas) implements Script {}

    /** Waits, then emits one "tick " delta every few milliseconds until cancelled. */
    record Endless(Duration firstDelay) implements Script {}

    /** Emits one delta, then fails. */
    record Fail(String delta, String message) implements Script {}

    static Script reply(FinishReason reason, String... deltas) {
      return new Reply(reason, List.of(deltas));
    }
  }

  FakeEngine() {
    this(1);
  }

  FakeEngine(int sequences) {
    this.sequences = sequences;
    this.free = new Semaphore(sequences, true);
    this.running = new String[sequences];
  }

  void script(Script next) {
    script = next;
  }

  /** Stops the engine as its thread would on an error it cannot recover from. */
  void stop(Throwable cause) {
    failure = new EngineStoppedException(cause);
  }

  @Override
  public Optional<EngineStoppedException> failure() {
    return Optional.ofNullable(failure);
  }

  List<GenerationRequest> requests() {
    return requests;
  }

  /** The ids of the generations that got a sequence, in order. */
  List<String> started() {
    return started;
  }

  /** The threads that submitted the requests, in order. */
  List<Thread> submitters() {
    return submitters;
  }

  GenerationRequest lastRequest() {
    return requests.getLast();
  }

  /** Whether some handle was cancelled within the timeout. */
  boolean awaitCancel(Duration timeout) throws InterruptedException {
    return cancelled.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  @Override
  public BackendInfo backend() {
    return new BackendInfo(Backend.CPU, "fake engine", List.of(), 0);
  }

  @Override
  public ModelInfo info() {
    return new ModelInfo(
        MODEL_ID, CONTEXT_LENGTH, CONTEXT_LENGTH, sequences, VOCAB_SIZE, "", "fake model");
  }

  /** Renders each message as a special header segment and a plain content segment. */
  @Override
  public Prompt renderChat(List<ChatMessage> messages) {
    List<Prompt.Segment> segments = new ArrayList<>();
    for (ChatMessage message : messages) {
      segments.add(new Prompt.Text("<" + message.role() + ">", true));
      segments.add(new Prompt.Text(message.content(), false));
    }
    segments.add(new Prompt.Text("<assistant>", true));
    return new Prompt(segments);
  }

  @Override
  public int[] tokenize(String text, boolean addSpecial, boolean parseSpecial) {
    IntStream.Builder ids = IntStream.builder();
    if (addSpecial) {
      ids.add(BOS);
    }
    text.codePoints()
        .forEach(
            codePoint -> {
              if (Character.isBmpCodePoint(codePoint)) {
                ids.add(codePoint);
              } else {
                for (byte b : Character.toString(codePoint).getBytes(UTF_8)) {
                  ids.add(BYTE_TOKENS + Byte.toUnsignedInt(b));
                }
              }
            });
    return ids.build().toArray();
  }

  @Override
  public void checkJsonSchema(String schema) {
    if (schema.contains("unsupported")) {
      throw new InvalidGenerationRequestException(
          "jsonSchema", "the JSON schema uses a keyword the grammar converter does not support");
    }
  }

  @Override
  public String detokenize(int[] tokens) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    for (int token : tokens) {
      bytes.writeBytes(tokenBytes(token));
    }
    return bytes.toString(UTF_8);
  }

  @Override
  public byte[] tokenBytes(int token) {
    if (token == BOS) {
      return "<s>".getBytes(UTF_8);
    }
    if (token >= BYTE_TOKENS + 0x80 && token <= BYTE_TOKENS + 0xFF) {
      return new byte[] {(byte) (token - BYTE_TOKENS)};
    }
    return Character.toString(token).getBytes(UTF_8);
  }

  @Override
  public synchronized EngineStatus status() {
    List<EngineStatus.Slot> slots = new ArrayList<>();
    for (int i = 0; i < sequences; i++) {
      slots.add(
          new EngineStatus.Slot(
              i,
              running[i] == null ? EngineStatus.State.IDLE : EngineStatus.State.GENERATING,
              running[i] == null ? 0 : CACHED_TOKENS,
              running[i]));
    }
    return new EngineStatus(slots, waiting);
  }

  @Override
  public GenerationHandle submit(GenerationRequest request, GenerationSink sink) {
    if (failure != null) {
      throw failure;
    }
    requests.add(request);
    submitters.add(Thread.currentThread());
    int promptTokens = promptTokens(request.prompt());
    if (promptTokens > CONTEXT_LENGTH) {
      throw new ContextLengthExceededException(promptTokens, CONTEXT_LENGTH);
    }
    if (request.jsonSchema() != null) {
      checkJsonSchema(request.jsonSchema());
    }
    for (int token : request.sampling().logitBias().keySet()) {
      if (token >= VOCAB_SIZE) {
        throw new InvalidGenerationRequestException(
            "logitBias", "logit_bias names token " + token + ", outside the vocabulary");
      }
    }
    Handle handle = new Handle(cancelled);
    handles.add(handle);
    Script current = script;
    synchronized (this) {
      waiting++;
    }
    Thread.ofVirtual()
        .name("fake-generation")
        .start(() -> run(request, current, promptTokens, sink, handle));
    return handle;
  }

  private int promptTokens(Prompt prompt) {
    int tokens = 0;
    for (Prompt.Segment segment : prompt.segments()) {
      tokens +=
          switch (segment) {
            case Prompt.Text text -> tokenize(text.text(), false, text.special()).length;
            case Prompt.Tokens ids -> ids.ids().length;
          };
    }
    return tokens;
  }

  private void run(
      GenerationRequest request,
      Script current,
      int promptTokens,
      GenerationSink sink,
      Handle handle) {
    int slot = awaitSequence(request, handle);
    if (slot < 0) {
      sink.onComplete(result(FinishReason.CANCELLED, 0, 0));
      return;
    }
    try {
      generate(request, current, promptTokens, sink, handle);
    } finally {
      synchronized (this) {
        running[slot] = null;
      }
      free.release();
    }
  }

  /** The slot taken, or -1 when the generation was cancelled while it waited. */
  private int awaitSequence(GenerationRequest request, Handle handle) {
    try {
      while (!free.tryAcquire(2, TimeUnit.MILLISECONDS)) {
        if (handle.cancelled) {
          synchronized (this) {
            waiting--;
          }
          return -1;
        }
      }
    } catch (InterruptedException e) {
      throw new IllegalStateException("a fake generation thread was interrupted", e);
    }
    synchronized (this) {
      waiting--;
      for (int i = 0; i < sequences; i++) {
        if (running[i] == null) {
          running[i] = request.id();
          started.add(request.id());
          return i;
        }
      }
    }
    throw new IllegalStateException("a permit was taken but no slot is free");
  }

  private void generate(
      GenerationRequest request,
      Script current,
      int promptTokens,
      GenerationSink sink,
      Handle handle) {
    switch (current) {
      case Script.Reply reply -> {
        int tokens = 0;
        for (String delta : reply.deltas()) {
          sink.onDelta(delta(request, delta));
          tokens++;
        }
        sink.onComplete(result(reply.reason(), promptTokens, tokens));
      }
      case Script.Endless endless -> {
        int tokens = 0;
        long start = System.nanoTime();
        while (!handle.cancelled && System.nanoTime() - start < endless.firstDelay().toNanos()) {
          sleep(Duration.ofMillis(2));
        }
        while (!handle.cancelled) {
          sink.onDelta(delta(request, "tick "));
          tokens++;
          sleep(Duration.ofMillis(5));
        }
        sink.onComplete(result(FinishReason.CANCELLED, promptTokens, tokens));
      }
      case Script.Fail fail -> {
        sink.onDelta(delta(request, fail.delta()));
        sink.onError(new EngineException(fail.message()));
      }
    }
  }

  /** One token for {@code text}: its first code point, or {@link #BOS} for empty text. */
  private static TextDelta delta(GenerationRequest request, String text) {
    int token = text.isEmpty() ? BOS : text.codePointAt(0);
    if (request.topLogprobs() == null) {
      return new TextDelta(text, new int[] {token});
    }
    List<TokenLogprob.Alternative> top = new ArrayList<>();
    for (int i = 0; i < request.topLogprobs(); i++) {
      top.add(new TokenLogprob.Alternative(1000 + i, ("alt" + i).getBytes(UTF_8), -1.0 - i));
    }
    TokenLogprob logprob = new TokenLogprob(token, text.getBytes(UTF_8), LOGPROB, top);
    return new TextDelta(text, new int[] {token}, List.of(logprob));
  }

  private static GenerationResult result(FinishReason reason, int promptTokens, int completion) {
    Timings timings = new Timings(Duration.ZERO, Duration.ZERO, Duration.ZERO);
    int cached = promptTokens == 0 ? 0 : CACHED_TOKENS;
    return new GenerationResult(reason, promptTokens, cached, completion, timings, null);
  }

  private static void sleep(Duration duration) {
    try {
      Thread.sleep(duration);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Cancels every generation; they end on their own threads. */
  @Override
  public void close() {
    handles.forEach(Handle::cancel);
  }

  private static final class Handle implements GenerationHandle {
    private final CountDownLatch anyCancelled;
    private volatile boolean cancelled;

    Handle(CountDownLatch anyCancelled) {
      this.anyCancelled = anyCancelled;
    }

    @Override
    public void cancel() {
      cancelled = true;
      anyCancelled.countDown();
    }
  }
}
