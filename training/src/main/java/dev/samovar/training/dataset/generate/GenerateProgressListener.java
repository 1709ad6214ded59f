package dev.samovar.training.dataset.generate;

import dev.samovar.client.jsonl.JobListener;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * Shows a generate run's progress: the notes before the run starts (a repaired output, the prompts
 * answered earlier) as plain lines, then the {@link GenerateProgress} bar of the prompts this run
 * asks for, with failures on lines of their own. Thread-safe.
 */
final class GenerateProgressListener implements JobListener {
  private final PrintWriter out;
  private final boolean terminal;
  private final LongSupplier clock;
  private GenerateProgress bar;

  /**
   * @param out where to write
   * @param terminal whether {@code out} is a terminal (the bar is redrawn in place)
   * @param clock nanoseconds (System::nanoTime)
   */
  GenerateProgressListener(PrintWriter out, boolean terminal, LongSupplier clock) {
    this.out = out;
    this.terminal = terminal;
    this.clock = clock;
  }

  @Override
  public synchronized void note(String text) {
    if (bar == null) {
      out.println(text);
      out.flush();
    } else {
      bar.note(text);
    }
  }

  @Override
  public synchronized void started(int items) {
    bar = new GenerateProgress(out, items, terminal, clock);
  }

  @Override
  public void retrying(String what, String failure, int nextAttempt, int attempts, Duration delay) {
    bar().retry();
  }

  @Override
  public void done(String what) {
    bar().done();
  }

  @Override
  public void failed(String item, String reason) {
    bar().failed(item + ": " + reason);
  }

  @Override
  public void finished() {
    bar().finish();
  }

  private synchronized GenerateProgress bar() {
    if (bar == null) {
      throw new IllegalStateException("the run has not started");
    }
    return bar;
  }
}
