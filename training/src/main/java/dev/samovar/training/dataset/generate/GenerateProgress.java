package dev.samovar.training.dataset.generate;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * The progress bar of a generate run: {@code [#####.....] 12/40 prompts, 0.8/s, ETA 35s, 3 retries,
 * 1 failed}. On a terminal it is one line redrawn in place, at most every half second; elsewhere (a
 * file, a pipe) it is a plain line at most every half second. Notes (failures) are printed on lines
 * of their own. Thread-safe.
 */
final class GenerateProgress {
  private static final long INTERVAL_NANOS = 500_000_000L;
  private static final int BAR = 20;

  private final PrintWriter out;
  private final int total;
  private final boolean terminal;
  private final LongSupplier clock;
  private final long start;
  private long lastDraw;
  private int done;
  private int failed;
  private int retries;
  private boolean drawn;

  /**
   * @param out where to draw
   * @param total prompts this run works on
   * @param terminal whether {@code out} is a terminal (redraw in place)
   * @param clock nanoseconds (System::nanoTime)
   */
  GenerateProgress(PrintWriter out, int total, boolean terminal, LongSupplier clock) {
    this.out = out;
    this.total = total;
    this.terminal = terminal;
    this.clock = clock;
    this.start = clock.getAsLong();
    this.lastDraw = start - INTERVAL_NANOS;
  }

  synchronized void done() {
    done++;
    maybeDraw();
  }

  synchronized void retry() {
    retries++;
    maybeDraw();
  }

  /** A prompt that failed for good; {@code why} is printed on a line of its own. */
  synchronized void failed(String why) {
    failed++;
    note(why);
  }

  /** A line of its own between redraws of the bar. */
  synchronized void note(String text) {
    if (terminal && drawn) {
      out.print("\r\033[K");
    }
    out.println(text);
    drawn = false;
    maybeDraw();
  }

  /** Draws the bar a last time and ends its line. */
  synchronized void finish() {
    draw(clock.getAsLong());
    if (terminal) {
      out.println();
    }
    out.flush();
  }

  private void maybeDraw() {
    long now = clock.getAsLong();
    if (now - lastDraw >= INTERVAL_NANOS) {
      draw(now);
    }
    out.flush();
  }

  private void draw(long now) {
    lastDraw = now;
    String line = line(now);
    if (terminal) {
      out.print("\r\033[K" + line);
      drawn = true;
    } else {
      out.println(line);
    }
  }

  /** The bar's text at {@code now}. */
  synchronized String line(long now) {
    int filled = total == 0 ? BAR : (int) ((long) BAR * done / total);
    double seconds = Math.max(1e-9, (now - start) / 1e9);
    double rate = done / seconds;
    int left = total - done - failed;
    String eta = done == 0 ? "?" : duration(Math.round(left / rate));
    return String.format(
        Locale.ROOT,
        "[%s%s] %d/%d prompts, %.2f/s, ETA %s, %d %s, %d failed",
        "#".repeat(filled),
        ".".repeat(BAR - filled),
        done,
        total,
        rate,
        eta,
        retries,
        retries == 1 ? "retry" : "retries",
        failed);
  }

  private static String duration(long seconds) {
    if (seconds >= 3600) {
      return String.format(Locale.ROOT, "%dh%02dm", seconds / 3600, seconds % 3600 / 60);
    }
    if (seconds >= 60) {
      return String.format(Locale.ROOT, "%dm%02ds", seconds / 60, seconds % 60);
    }
    return seconds + "s";
  }
}
