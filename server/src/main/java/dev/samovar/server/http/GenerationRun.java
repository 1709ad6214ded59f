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
import dev.samovar.server.ops.RequestStats;
import dev.samovar.server.ops.ServerMetrics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The submitted choices of one request: their output, handed from the engine's thread to the
 * request's thread in one queue (ordered per choice), and the request's deadline, at which every
 * choice is cancelled. Each choice gives its admission place back when the engine finishes it, so
 * the count stays true even when the request's thread has gone. Each choice's tokens and timings go
 * to the metrics and the request's stats as the engine reports them.
 */
final class GenerationRun {
  private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
  private final List<GenerationHandle> handles = new ArrayList<>();
  private final List<Event> recorded = new ArrayList<>();
  private final Admission admission;
  private final Observers observers;
  private final long startNanos;
  private final long deadlineNanos;
  private final Duration timeout;
  private volatile boolean timedOut;
  private int choices;
  private Consumer<List<Event>> recorder;
  private int ended;

  /** Where a run reports its choices: the server's metrics and the request's stats. */
  record Observers(ServerMetrics metrics, RequestStats stats) {}

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

  private GenerationRun(
      Admission admission, Observers observers, long startNanos, Duration timeout) {
    this.admission = admission;
    this.observers = observers;
    this.startNanos = startNanos;
    this.deadlineNanos = startNanos + timeout.toNanos();
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
      Observers observers,
      long startNanos,
      Duration timeout,
      Consumer<List<Event>> recorder) {
    GenerationRun run = new GenerationRun(admission, observers, startNanos, timeout);
    run.choices = choices.size();
    run.recorder = recorder;
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

  /**
   * A run that replays recorded output (a cached answer) without the engine; its text and tokens go
   * to the request's stats.
   */
  static GenerationRun replay(
      List<Event> events, int choices, Observers observers, long startNanos, Duration timeout) {
    GenerationRun run = new GenerationRun(null, observers, startNanos, timeout);
    run.choices = choices;
    for (Event event : events) {
      switch (event) {
        case Delta delta -> observers.stats().output(delta.delta().text());
        case Completed completed ->
            observers
                .stats()
                .tokens(completed.result().promptTokens(), completed.result().completionTokens());
        case Failed failed -> throw new IllegalArgumentException("a failed run is not replayed");
      }
    }
    run.events.addAll(events);
    return run;
  }

  /** How many choices run. */
  int choices() {
    return choices;
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

  /**
   * Records an event for the recorder; once every choice ended by a stop or a length limit (not
   * cancelled, failed or timed out), hands it all the events.
   */
  private void record(Event event) {
    if (recorder == null) {
      return;
    }
    List<Event> complete = null;
    synchronized (recorded) {
      recorded.add(event);
      if (event instanceof Completed || event instanceof Failed) {
        ended++;
      }
      if (ended == choices
          && !timedOut
          && recorded.stream()
              .allMatch(
                  e ->
                      e instanceof Delta
                          || (e instanceof Completed c
                              && c.result().finishReason() != FinishReason.CANCELLED))) {
        complete = List.copyOf(recorded);
      }
    }
    if (complete != null) {
      recorder.accept(complete);
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

  /** The finish reason the metrics count: stop, length, cancelled or timeout. */
  private String metricReason(GenerationResult result) {
    return switch (result.finishReason()) {
      case STOP -> "stop";
      case LENGTH -> "length";
      case CANCELLED -> timedOut ? "timeout" : "cancelled";
    };
  }

  private Duration sinceStart(long now) {
    return Duration.ofNanos(now - startNanos);
  }

  /**
   * Hands one choice's output to the request's thread and records its metrics; never blocks the
   * engine.
   */
  private final class ChoiceSink implements GenerationSink {
    private final int index;
    private long lastTextNanos;

    ChoiceSink(int index) {
      this.index = index;
    }

    @Override
    public void onDelta(TextDelta delta) {
      if (!delta.text().isEmpty()) {
        long now = System.nanoTime();
        if (lastTextNanos == 0) {
          observers.metrics().firstToken(sinceStart(now));
          observers.stats().firstToken(now - startNanos);
        } else {
          observers.metrics().interToken(Duration.ofNanos(now - lastTextNanos));
        }
        lastTextNanos = now;
        observers.stats().output(delta.text());
      }
      Delta event = new Delta(index, delta);
      record(event);
      events.add(event);
    }

    @Override
    public void onComplete(GenerationResult result) {
      if (result.finishReason() == FinishReason.CANCELLED) {
        admission.release(1);
      } else {
        admission.release(result.timings().prompt().plus(result.timings().decode()));
      }
      observers.metrics().finished(metricReason(result), result, sinceStart(System.nanoTime()));
      observers.stats().tokens(result.promptTokens(), result.completionTokens());
      Completed event = new Completed(index, result);
      record(event);
      events.add(event);
    }

    @Override
    public void onError(EngineException error) {
      admission.release(1);
      observers.metrics().finished("error", null, sinceStart(System.nanoTime()));
      Failed event = new Failed(index, error);
      record(event);
      events.add(event);
    }
  }
}
