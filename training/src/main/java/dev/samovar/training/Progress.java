package dev.samovar.training;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * Reports how far a long command has got, at most once every few seconds and once at the end: bytes
 * done of the total, throughput and the item being worked on. Thread-safe.
 */
public final class Progress {
  private static final long INTERVAL_NANOS = 5_000_000_000L;

  private final PrintWriter out;
  private final String task;
  private final long total;
  private final LongSupplier clock;
  private final long start;
  private long done;
  private long skipped;
  private long lastReport;

  /**
   * @param out where to report
   * @param task what is being done, e.g. "export-gguf"
   * @param total bytes to process
   * @param clock nanoseconds (System::nanoTime)
   */
  public Progress(PrintWriter out, String task, long total, LongSupplier clock) {
    this.out = out;
    this.task = task;
    this.total = total;
    this.clock = clock;
    this.start = clock.getAsLong();
    this.lastReport = start;
  }

  /** Progress on standard time, reported to {@code out}. */
  public static Progress of(PrintWriter out, String task, long total) {
    return new Progress(out, task, total, System::nanoTime);
  }

  /** Counts {@code bytes} as already done by an earlier run (resumed), not in the throughput. */
  public synchronized void skip(long bytes) {
    done += bytes;
    skipped += bytes;
  }

  /** Counts {@code bytes} as done while working on {@code item}. */
  public synchronized void advance(long bytes, String item) {
    done += bytes;
    long now = clock.getAsLong();
    if (now - lastReport >= INTERVAL_NANOS) {
      lastReport = now;
      out.println(task + ": " + status(now) + ", " + item);
      out.flush();
    }
  }

  /** Reports the end and returns the bytes processed per second in this run. */
  public synchronized double finish(String summary) {
    long now = clock.getAsLong();
    out.println(task + ": " + summary + " (" + status(now) + ")");
    out.flush();
    return rate(now);
  }

  private String status(long now) {
    double percent = total == 0 ? 100 : 100.0 * done / total;
    return String.format(
        Locale.ROOT,
        "%.1f%% of %s, %s in %s, %.0f MB/s",
        percent,
        size(total),
        size(done - skipped),
        duration(now - start),
        rate(now) / 1e6);
  }

  private double rate(long now) {
    double seconds = Math.max(1e-9, (now - start) / 1e9);
    return (done - skipped) / seconds;
  }

  /** A byte count as text, e.g. {@code 1.25 GB}. */
  public static String size(long bytes) {
    if (bytes >= 1_000_000_000L) {
      return String.format(Locale.ROOT, "%.2f GB", bytes / 1e9);
    }
    if (bytes >= 1_000_000L) {
      return String.format(Locale.ROOT, "%.1f MB", bytes / 1e6);
    }
    return String.format(Locale.ROOT, "%.1f kB", bytes / 1e3);
  }

  private static String duration(long nanos) {
    Duration d = Duration.ofNanos(nanos);
    return d.toMinutes() > 0
        ? d.toMinutes() + "m" + d.toSecondsPart() + "s"
        : String.format(Locale.ROOT, "%.1fs", nanos / 1e9);
  }
}
