package dev.samovar.engine.llama;

import dev.samovar.engine.EngineStatus;
import dev.samovar.engine.GenerationResult;
import dev.samovar.engine.TextDelta;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * A sink that holds the engine thread in every delta until the test lets it go on, so that a test
 * can look at the engine between two steps, and that records the engine's status at completion.
 */
class GatedSink extends CollectingSink {
  private final Semaphore allowed = new Semaphore(0);
  private final Semaphore entered = new Semaphore(0);
  private final Supplier<EngineStatus> status;
  private volatile EngineStatus statusAtCompletion;

  GatedSink(Supplier<EngineStatus> status) {
    this.status = status;
  }

  @Override
  public void onDelta(TextDelta delta) {
    super.onDelta(delta);
    entered.release();
    try {
      if (!allowed.tryAcquire(10, TimeUnit.SECONDS)) {
        throw new AssertionError("the test did not let the generation go on within 10 s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void onComplete(GenerationResult result) {
    statusAtCompletion = status.get();
    super.onComplete(result);
  }

  /** Waits until the engine thread is inside the next delta. */
  void awaitDelta() throws InterruptedException {
    if (!entered.tryAcquire(10, TimeUnit.SECONDS)) {
      throw new AssertionError("no delta within 10 s");
    }
  }

  /** Lets the engine thread leave the delta it is in. */
  void proceed() {
    allowed.release();
  }

  /** Lets every delta from now on pass. */
  void open() {
    allowed.release(1_000_000);
  }

  EngineStatus statusAtCompletion() {
    return statusAtCompletion;
  }
}
