package dev.samovar.cli;

import dev.samovar.models.ByteSizes;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * How far a long command has got, the one reporter every command uses. It counts bytes or items
 * against a total; on a terminal it redraws one bar line in place (at most ten times a second),
 * elsewhere (a file, a pipe) it prints a status line at most once per interval. Notes (a failure, a
 * resumed file) get lines of their own. Work done by an earlier run ({@link #skip}) counts towards
 * the total but not towards the rate. Thread-safe.
 *
 * <p>A status reads {@code 45.0% of 4.92 GB, 2.21 GB in 1m03s, 35.1 MB/s, ETA 1m17s} for bytes and
 * {@code 12/40 prompts, 0.80/s, ETA 35s, 3 retries, 1 failed} for items.
 */
public final class Progress {
  private static final long REDRAW_NANOS = 100_000_000L;
  private static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(5);
  private static final int BAR = 20;

  private final PrintWriter out;
  private final String name;
  private final long total;
  private final String noun;
  private final boolean terminal;
  private final long intervalNanos;
  private final LongSupplier clock;
  private final long start;
  private long lastReport;
  private long done;
  private long skipped;
  private int retries;
  private int failed;
  private boolean drawn;

  /**
   * @param out where to report
   * @param name what is being done, e.g. {@code export-gguf}; each line starts with it
   * @param total the bytes or items to process
   * @param noun the items' name ({@code prompts}), or null when counting bytes
   * @param terminal whether {@code out} is a terminal (a bar redrawn in place)
   * @param interval the least time between status lines off a terminal; zero for a line per step
   * @param clock nanoseconds ({@code System::nanoTime})
   */
  public Progress(
      PrintWriter out,
      String name,
      long total,
      String noun,
      boolean terminal,
      Duration interval,
      LongSupplier clock) {
    this.out = out;
    this.name = name;
    this.total = total;
    this.noun = noun;
    this.terminal = terminal;
    this.intervalNanos = interval.toNanos();
    this.clock = clock;
    this.start = clock.getAsLong();
    this.lastReport = terminal ? start - REDRAW_NANOS : start;
  }

  /** Bytes, reported to {@code out} as lines every five seconds. */
  public static Progress of(PrintWriter out, String name, long totalBytes) {
    return new Progress(out, name, totalBytes, null, false, DEFAULT_INTERVAL, System::nanoTime);
  }

  /** Bytes, as a bar when {@code terminal}, else as lines every {@code interval}. */
  public static Progress bytes(
      PrintWriter out, String name, long totalBytes, boolean terminal, Duration interval) {
    return new Progress(out, name, totalBytes, null, terminal, interval, System::nanoTime);
  }

  /**
   * Items called {@code noun}, as a bar when {@code terminal}, else as lines every {@code
   * interval}.
   */
  public static Progress items(
      PrintWriter out, String name, long total, String noun, boolean terminal, Duration interval) {
    return new Progress(out, name, total, noun, terminal, interval, System::nanoTime);
  }

  /** Whether standard output/error is a terminal (a console is attached). */
  public static boolean onTerminal() {
    return System.console() != null && System.console().isTerminal();
  }

  /** Counts {@code amount} as done by an earlier run (resumed), not in the rate. */
  public synchronized void skip(long amount) {
    done += amount;
    skipped += amount;
  }

  /** Counts {@code amount} as done while working on {@code item} (null for none). */
  public synchronized void advance(long amount, String item) {
    done += amount;
    report(item);
  }

  /** An attempt that failed and will be tried again. */
  public synchronized void retry() {
    retries++;
    report(null);
  }

  /** An item that failed for good; {@code why} gets a line of its own. */
  public synchronized void failed(String why) {
    failed++;
    note(why);
  }

  /** A line of its own, between reports. */
  public synchronized void note(String text) {
    clearBar();
    out.println(text);
    out.flush();
  }

  /**
   * Reports the end, {@code name: summary (status)}, and returns the bytes or items processed per
   * second in this run.
   */
  public synchronized double finish(String summary) {
    long now = clock.getAsLong();
    clearBar();
    out.println(name + ": " + summary + " (" + status(now) + ")");
    out.flush();
    return rate(now);
  }

  /**
   * Ends the bar on a terminal, leaving the last status on a line of its own; off a terminal the
   * status lines already told it. For work whose summary the command reports itself.
   */
  public synchronized void end() {
    if (drawn) {
      clearBar();
      out.println(name + ": " + status(clock.getAsLong()));
      out.flush();
    }
  }

  private void report(String item) {
    long now = clock.getAsLong();
    if (now - lastReport < (terminal ? REDRAW_NANOS : intervalNanos)) {
      return;
    }
    lastReport = now;
    String status = status(now) + (item == null ? "" : ", " + item);
    if (terminal) {
      out.print("\r\033[K" + name + " " + bar() + " " + status);
      drawn = true;
    } else {
      out.println(name + ": " + status);
    }
    out.flush();
  }

  private void clearBar() {
    if (drawn) {
      out.print("\r\033[K");
      drawn = false;
    }
  }

  private String bar() {
    int filled = total <= 0 ? BAR : (int) Math.min(BAR, (long) BAR * done / total);
    return "[" + "#".repeat(filled) + ".".repeat(BAR - filled) + "]";
  }

  /** The status at {@code now}. */
  synchronized String status(long now) {
    double rate = rate(now);
    long left = Math.max(0, total - done);
    String eta =
        done - skipped <= 0 || rate <= 0
            ? "?"
            : ByteSizes.duration(Duration.ofSeconds(Math.round(left / rate)));
    if (noun == null) {
      double percent = total == 0 ? 100 : 100.0 * done / total;
      return String.format(
          Locale.ROOT,
          "%.1f%% of %s, %s in %s, %s/s, ETA %s",
          percent,
          ByteSizes.decimal(total),
          ByteSizes.decimal(done - skipped),
          ByteSizes.duration(Duration.ofNanos(now - start)),
          ByteSizes.decimal(Math.round(rate)),
          eta);
    }
    return String.format(Locale.ROOT, "%d/%d %s, %.2f/s, ETA %s", done, total, noun, rate, eta)
        + (retries == 0 ? "" : ", " + retries + (retries == 1 ? " retry" : " retries"))
        + (failed == 0 ? "" : ", " + failed + " failed");
  }

  private double rate(long now) {
    double seconds = Math.max(1e-9, (now - start) / 1e9);
    return (done - skipped) / seconds;
  }
}
