package dev.samovar.server.http;

import dev.samovar.engine.EngineException;
import dev.samovar.engine.GenerationResult;
import dev.samovar.engine.GenerationSink;
import dev.samovar.engine.TextDelta;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Hands one generation's output from the engine's thread to the request's own thread, in order. The
 * engine never blocks on it: the queue is unbounded and holds at most one generation.
 */
final class GenerationEvents implements GenerationSink {
  private final BlockingQueue<Event> queue = new LinkedBlockingQueue<>();

  /** What the engine reported. */
  sealed interface Event permits Text, Completed, Failed {}

  /** Generated text, never empty. */
  record Text(String text) implements Event {}

  /** The generation ended. */
  record Completed(GenerationResult result) implements Event {}

  /** The generation failed. */
  record Failed(EngineException error) implements Event {}

  @Override
  public void onDelta(TextDelta delta) {
    if (!delta.text().isEmpty()) {
      queue.add(new Text(delta.text()));
    }
  }

  @Override
  public void onComplete(GenerationResult result) {
    queue.add(new Completed(result));
  }

  @Override
  public void onError(EngineException error) {
    queue.add(new Failed(error));
  }

  /** The next event, waiting as long as it takes. */
  Event take() throws InterruptedException {
    return queue.take();
  }

  /** The next event, or null when none came within {@code timeout}. */
  Event poll(Duration timeout) throws InterruptedException {
    return queue.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
  }
}
