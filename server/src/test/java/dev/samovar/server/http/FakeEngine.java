package dev.samovar.server.http;

import dev.samovar.engine.ChatMessage;
import dev.samovar.engine.ContextLengthExceededException;
import dev.samovar.engine.EngineException;
import dev.samovar.engine.FinishReason;
import dev.samovar.engine.GenerationHandle;
import dev.samovar.engine.GenerationRequest;
import dev.samovar.engine.GenerationResult;
import dev.samovar.engine.GenerationSink;
import dev.samovar.engine.InferenceEngine;
import dev.samovar.engine.ModelInfo;
import dev.samovar.engine.Prompt;
import dev.samovar.engine.TextDelta;
import dev.samovar.engine.Timings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * An engine at the contract boundary: one token per prompt character, a scripted answer emitted on
 * its own thread, every submitted request recorded.
 */
final class FakeEngine implements InferenceEngine {
  static final String MODEL_ID = "fake";
  static final int CONTEXT_LENGTH = 128;
  static final int CACHED_TOKENS = 2;

  private final ExecutorService engineThread =
      Executors.newSingleThreadExecutor(
          runnable -> {
            Thread thread = new Thread(runnable, "fake-engine");
            thread.setDaemon(true);
            return thread;
          });
  private final List<GenerationRequest> requests = new CopyOnWriteArrayList<>();
  private final CountDownLatch cancelled = new CountDownLatch(1);
  private volatile Script script = Script.reply(FinishReason.STOP, "Hel", "lo", "", " wörld");

  /** What the engine does with each submitted request. */
  sealed interface Script {
    /** Emits the deltas, then completes with the reason and one completion token per delta. */
    record Reply(FinishReason reason, List<String> deltas) implements Script {}

    /** Waits, then emits one delta every few milliseconds until cancelled. */
    record Endless(Duration firstDelay) implements Script {}

    /** Emits one delta, then fails. */
    record Fail(String delta, String message) implements Script {}

    static Script reply(FinishReason reason, String... deltas) {
      return new Reply(reason, List.of(deltas));
    }
  }

  void script(Script next) {
    script = next;
  }

  List<GenerationRequest> requests() {
    return requests;
  }

  GenerationRequest lastRequest() {
    return requests.getLast();
  }

  /** Whether some handle was cancelled within the timeout. */
  boolean awaitCancel(Duration timeout) throws InterruptedException {
    return cancelled.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  @Override
  public ModelInfo info() {
    return new ModelInfo(MODEL_ID, CONTEXT_LENGTH, CONTEXT_LENGTH, 1, 256, "", "fake model");
  }

  /** Renders each message as a special header segment and a plain content segment. */
  @Override
  public Prompt renderChat(List<ChatMessage> messages) {
    List<Prompt.Segment> segments = new ArrayList<>();
    for (ChatMessage message : messages) {
      segments.add(new Prompt.Segment("<" + message.role() + ">", true));
      segments.add(new Prompt.Segment(message.content(), false));
    }
    segments.add(new Prompt.Segment("<assistant>", true));
    return new Prompt(segments);
  }

  @Override
  public int[] tokenize(String text, boolean addSpecial, boolean parseSpecial) {
    return text.chars().toArray();
  }

  @Override
  public String detokenize(int[] tokens) {
    return new String(tokens, 0, tokens.length);
  }

  @Override
  public GenerationHandle submit(GenerationRequest request, GenerationSink sink) {
    requests.add(request);
    int promptTokens = request.prompt().text().length();
    if (promptTokens > CONTEXT_LENGTH) {
      throw new ContextLengthExceededException(promptTokens, CONTEXT_LENGTH);
    }
    Handle handle = new Handle(cancelled);
    Script current = script;
    engineThread.execute(() -> run(current, promptTokens, sink, handle));
    return handle;
  }

  private void run(Script current, int promptTokens, GenerationSink sink, Handle handle) {
    switch (current) {
      case Script.Reply reply -> {
        int token = 0;
        for (String delta : reply.deltas()) {
          sink.onDelta(new TextDelta(delta, new int[] {token++}));
        }
        sink.onComplete(result(reply.reason(), promptTokens, token));
      }
      case Script.Endless endless -> {
        int token = 0;
        sleep(endless.firstDelay());
        while (!handle.cancelled) {
          sink.onDelta(new TextDelta("tick ", new int[] {token++}));
          sleep(Duration.ofMillis(5));
        }
        sink.onComplete(result(FinishReason.CANCELLED, promptTokens, token));
      }
      case Script.Fail fail -> {
        sink.onDelta(new TextDelta(fail.delta(), new int[] {0}));
        sink.onError(new EngineException(fail.message()));
      }
    }
  }

  private static GenerationResult result(FinishReason reason, int promptTokens, int completion) {
    Timings timings = new Timings(Duration.ZERO, Duration.ZERO, Duration.ZERO);
    return new GenerationResult(reason, promptTokens, CACHED_TOKENS, completion, timings);
  }

  private static void sleep(Duration duration) {
    try {
      Thread.sleep(duration);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    engineThread.shutdownNow();
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
