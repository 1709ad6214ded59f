package dev.samovar.server.ops;

import dev.samovar.server.error.ShuttingDownException;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The generations in flight, for a graceful shutdown: once draining starts, new generations are
 * refused with 503 while those in flight may finish; the rest can be cancelled at once.
 */
public final class Drain {
  private static final long POLL_MILLIS = 20;

  private final Set<Runnable> running = ConcurrentHashMap.newKeySet();
  private volatile boolean draining;

  /**
   * Checks that new generations are still taken.
   *
   * @throws ShuttingDownException once draining has started
   */
  public void requireAccepting() {
    if (draining) {
      throw new ShuttingDownException();
    }
  }

  /**
   * Registers a running request by the action that cancels it; one that got past {@link
   * #requireAccepting} just before draining started is still waited for.
   */
  public void enter(Runnable cancel) {
    running.add(cancel);
  }

  /** Unregisters a request that has ended. */
  public void leave(Runnable cancel) {
    running.remove(cancel);
  }

  /** How many requests run. */
  public int running() {
    return running.size();
  }

  /**
   * Refuses new generations from now on and waits up to {@code grace} for those in flight to end.
   *
   * @return whether every request ended in time
   */
  public boolean drain(Duration grace) throws InterruptedException {
    draining = true;
    return awaitIdle(grace);
  }

  /** Cancels every request in flight and waits up to {@code wait} for them to end. */
  public boolean cancelAll(Duration wait) throws InterruptedException {
    running.forEach(Runnable::run);
    return awaitIdle(wait);
  }

  private boolean awaitIdle(Duration wait) throws InterruptedException {
    long until = System.nanoTime() + wait.toNanos();
    while (!running.isEmpty()) {
      if (System.nanoTime() - until >= 0) {
        return false;
      }
      Thread.sleep(POLL_MILLIS);
    }
    return true;
  }
}
