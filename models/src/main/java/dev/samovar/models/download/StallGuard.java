package dev.samovar.models.download;

import java.io.Closeable;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Closes a response body that has sent nothing for too long, so that a blocked read fails instead
 * of waiting forever on a stalled connection.
 */
final class StallGuard implements AutoCloseable {
  private final Closeable stream;
  private final long limitNanos;
  private final ScheduledExecutorService timer;
  private volatile long lastActivity = System.nanoTime();
  private volatile boolean stalled;

  private StallGuard(Closeable stream, Duration limit) {
    this.stream = stream;
    this.limitNanos = limit.toNanos();
    this.timer =
        Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("samovar-download-stall-guard").daemon().factory());
    long period = Math.max(10, limit.toMillis() / 4);
    timer.scheduleAtFixedRate(this::check, period, period, TimeUnit.MILLISECONDS);
  }

  /**
   * Watches {@code stream}: it is closed once {@link #touch} has not been called for {@code limit}.
   */
  static StallGuard watch(Closeable stream, Duration limit) {
    return new StallGuard(stream, limit);
  }

  /** Data arrived. */
  void touch() {
    lastActivity = System.nanoTime();
  }

  /** Whether the stream was closed for a stall. */
  boolean stalled() {
    return stalled;
  }

  private void check() {
    if (!stalled && System.nanoTime() - lastActivity > limitNanos) {
      stalled = true;
      try {
        stream.close();
      } catch (IOException e) {
        // the reader fails anyway: its stream is closed or broken
      }
    }
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
