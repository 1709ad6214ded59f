package dev.samovar.bench.mt;

import dev.samovar.client.jsonl.JobListener;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Progress lines of a run: "[done/total] ..." for each finished item, notes and retries in between.
 * A failed item has no line here: the command names the failures at the end.
 */
final class Progress implements JobListener {
  private final PrintWriter out;
  private volatile int total;
  private final AtomicInteger done = new AtomicInteger();

  Progress(PrintWriter out) {
    this.out = out;
  }

  @Override
  public void started(int items) {
    total = items;
  }

  /** A finished item. */
  @Override
  public void done(String what) {
    line("[" + done.incrementAndGet() + "/" + total + "] " + what);
  }

  @Override
  public void note(String text) {
    line(text);
  }

  @Override
  public void retrying(String what, String failure, int nextAttempt, int attempts, Duration delay) {
    line(
        what
            + ": "
            + failure
            + "; try "
            + nextAttempt
            + " of "
            + attempts
            + " in "
            + seconds(delay));
  }

  @Override
  public void failed(String item, String reason) {
    // named by the command at the end, with the other failures
  }

  @Override
  public void finished() {
    // every line is flushed as it is written
  }

  private void line(String text) {
    synchronized (out) {
      out.println(text);
      out.flush();
    }
  }

  static String seconds(Duration duration) {
    return String.format(Locale.ROOT, "%.1f s", duration.toMillis() / 1000.0);
  }
}
