package dev.samovar.engine.llama;

import dev.samovar.engine.TextDelta;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A sink whose first delta holds the engine thread until {@code release} opens (at most 10 s), so a
 * test can act while a generation is certainly in flight.
 */
class BlockingSink extends CollectingSink {
  private final CountDownLatch release;

  BlockingSink(CountDownLatch release) {
    this.release = release;
  }

  @Override
  public void onDelta(TextDelta delta) {
    super.onDelta(delta);
    try {
      if (!release.await(10, TimeUnit.SECONDS)) {
        throw new AssertionError("not released within 10 s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
