package dev.samovar.server.http;

import dev.samovar.engine.EngineException;
import dev.samovar.engine.FinishReason;
import dev.samovar.engine.GenerationHandle;
import dev.samovar.engine.GenerationRequest;
import dev.samovar.engine.GenerationResult;
import dev.samovar.engine.GenerationSink;
import dev.samovar.engine.InferenceEngine;
import dev.samovar.engine.TextDelta;
import dev.samovar.server.error.RequestTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The submitted choices of one request: their output, handed from the engine's thread to the
 * request's thread in one queue (ordered per choice), and the request's deadline, at which every
 * choice is cancelled. Each choice gives its admission place back when the engine finishes it, so
 * the count stays true even when the request's thread has gone.
 */
final class GenerationRun {
  private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
  private final List<GenerationHandle> handles = new ArrayList<>();
  private final Admission admission;
  private final long deadlineNanos;
  private final Duration timeout;
  private boolean timedOut;

  /** What the engine reported for one choice. */
  sealed interface Event permits Delta, Completed, Failed {
    int index();
  }

  /** Generated text (possibly empty while a token is held back) and its tokens. */
  record Delta(int index, TextDelta delta) implements Event {}

  /** The choice ended. */
  record Completed(int index, GenerationResult result) implements Event {}

  /** The choice failed. */
  record Failed(int index, EngineException error) implements Event {}

  private GenerationRun(Admission admission, long deadlineNanos, Duration timeout) {
    this.admission = admission;
    this.deadlineNanos = deadlineNanos;
    this.timeout = timeout;
  }

  /**
   * Submits one generation per choice, whose admission places are already taken.
   *
   * @param startNanos when the request arrived ({@link System#nanoTime()})
   * @param timeout how long the request may take from then on
   * @throws EngineException when the engine refuses a choice; those already submitted are cancelled
   *     and the places of the rest are given back
   */
  static GenerationRun submit(
      InferenceEngine engine,
      List<GenerationRequest> choices,
      Admission admission,
      long startNanos,
      Duration timeout) {
    GenerationRun run = new GenerationRun(admission, startNanos + timeout.toNanos(), timeout);
    for (int i = 0; i < choices.size(); i++) {
      try {
        run.handles.add(engine.submit(choices.get(i), run.new ChoiceSink(i)));
      } catch (RuntimeException e) {
        run.cancel();
        admission.release(choices.size() - i);
        throw e;
      }
    }
    return run;
  }

  /** How many choices run. */
  int choices() {
    return handles.size();
  }

  /**
   * The next event, or null when none came within {@code wait}. Once the deadline passes, every
   * choice is cancelled; their completions still follow.
   */
  Event next(Duration wait) throws InterruptedException {
    long until = System.nanoTime() + wait.toNanos();
    while (true) {
      long now = System.nanoTime();
      if (!timedOut && now - deadlineNanos >= 0) {
        timedOut = true;
        cancel();
      }
      long end = timedOut || until - deadlineNanos < 0 ? until : deadlineNanos;
      Event event = events.poll(Math.max(0, end - now), TimeUnit.NANOSECONDS);
      if (event != null || System.nanoTime() - until >= 0) {
        return event;
      }
    }
  }

  /** Cancels every choice; idempotent. */
  void cancel() {
    handles.forEach(GenerationHandle::cancel);
  }

  /**
   * Whether the choice was cancelled at the deadline before it generated a token: it has no finish
   * reason of its own.
   */
  boolean timedOutEmpty(GenerationResult result) {
    return timedOut
        && result.finishReason() == FinishReason.CANCELLED
        && result.completionTokens() == 0;
  }

  /** The error for a request whose every choice timed out empty. */
  RequestTimeoutException timeoutError() {
    return new RequestTimeoutException(
        "The request timed out: no token was generated within "
            + (timeout.toMillis() % 1000 == 0
                ? timeout.toSeconds() + " seconds."
                : timeout.toMillis() + " ms."));
  }

  /**
   * OpenAI's finish reason: {@code stop} or {@code length}; a choice cancelled at the deadline ends
   * with {@code length}.
   *
   * @throws EngineException for a choice cancelled otherwise (the engine is closing)
   */
  String finishReason(GenerationResult result) {
    return switch (result.finishReason()) {
      case STOP -> "stop";
      case LENGTH -> "length";
      case CANCELLED -> {
        if (!timedOut) {
          throw new EngineException("The generation was cancelled.");
        }
        yield "length";
      }
    };
  }

  /** Hands one choice's output to the request's thread; never blocks the engine. */
  private final class ChoiceSink implements GenerationSink {
    private final int index;

    ChoiceSink(int index) {
      this.index = index;
    }

    @Override
    public void onDelta(TextDelta delta) {
      events.add(new Delta(index, delta));
    }

    @Override
    public void onComplete(GenerationResult result) {
      admission.release(1);
      events.add(new Completed(index, result));
    }

    @Override
    public void onError(EngineException error) {
      admission.release(1);
      events.add(new Failed(index, error));
    }
  }
}
