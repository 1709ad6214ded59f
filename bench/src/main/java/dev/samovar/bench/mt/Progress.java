package dev.samovar.bench.mt;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;

/** Progress lines of a run: "[done/total] ..." for each finished item, notes in between. */
final class Progress {
  private final PrintWriter out;
  private final int total;
  private final AtomicInteger done = new AtomicInteger();

  Progress(PrintWriter out, int total) {
    this.out = out;
    this.total = total;
  }

  /** A finished item. */
  void done(String what) {
    line("[" + done.incrementAndGet() + "/" + total + "] " + what);
  }

  void note(String text) {
    line(text);
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
