package dev.samovar.models.download;

import dev.samovar.models.ByteSizes;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * Progress for logs and pipes: a line when the transfer starts, one every interval while it runs
 * ({@code name: 2.21 GB of 4.92 GB (45%), 35.1 MB/s, ETA 1m17s}) and one when it is done.
 */
final class ProgressLines implements DownloadProgress {
  private final PrintWriter out;
  private final LongSupplier nanoTime;
  private final long intervalNanos;
  private final TransferRate rate;
  private String name;
  private long lastLine;

  ProgressLines(PrintWriter out, LongSupplier nanoTime, Duration interval) {
    this.out = out;
    this.nanoTime = nanoTime;
    this.intervalNanos = interval.toNanos();
    this.rate = new TransferRate(nanoTime);
  }

  @Override
  public void started(String name, long total, long resumedAt) {
    this.name = name;
    rate.start(total, resumedAt);
    lastLine = nanoTime.getAsLong();
    out.println(
        "downloading "
            + name
            + " ("
            + ByteSizes.decimal(total)
            + (resumedAt > 0 ? ", resuming at " + ByteSizes.decimal(resumedAt) : "")
            + ")");
    out.flush();
  }

  @Override
  public void advanced(long done) {
    long now = nanoTime.getAsLong();
    if (now - lastLine < intervalNanos) {
      return;
    }
    lastLine = now;
    out.println(
        name
            + ": "
            + ByteSizes.decimal(done)
            + " of "
            + ByteSizes.decimal(rate.total())
            + " ("
            + rate.percent(done)
            + "), "
            + rate.speed(done)
            + ", ETA "
            + rate.eta(done));
    out.flush();
  }

  @Override
  public void finished(long done) {
    out.println(
        name
            + ": "
            + ByteSizes.decimal(done)
            + " done in "
            + ByteSizes.duration(rate.elapsed())
            + " ("
            + rate.speed(done)
            + "), SHA-256 verified");
    out.flush();
  }
}
