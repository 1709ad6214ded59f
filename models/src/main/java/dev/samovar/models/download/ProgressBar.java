package dev.samovar.models.download;

import dev.samovar.models.ByteSizes;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * A progress bar for a terminal, redrawn in place with a carriage return at most ten times a
 * second: {@code name [=====> ] 45% 2.21 GB / 4.92 GB 35.1 MB/s ETA 1m17s}.
 */
final class ProgressBar implements DownloadProgress {
  static final int WIDTH = 30;
  private static final long REDRAW_NANOS = 100_000_000L;

  private final PrintWriter out;
  private final LongSupplier nanoTime;
  private final TransferRate rate;
  private String name;
  private long lastDraw;
  private int lastLength;

  ProgressBar(PrintWriter out, LongSupplier nanoTime) {
    this.out = out;
    this.nanoTime = nanoTime;
    this.rate = new TransferRate(nanoTime);
  }

  @Override
  public void started(String name, long total, long resumedAt) {
    this.name = name;
    rate.start(total, resumedAt);
    draw(resumedAt);
  }

  @Override
  public void advanced(long done) {
    if (nanoTime.getAsLong() - lastDraw >= REDRAW_NANOS) {
      draw(done);
    }
  }

  @Override
  public void finished(long done) {
    draw(done);
    out.println();
    out.flush();
  }

  private void draw(long done) {
    lastDraw = nanoTime.getAsLong();
    long total = rate.total();
    int filled = total == 0 ? WIDTH : (int) (done * WIDTH / total);
    StringBuilder bar = new StringBuilder(WIDTH);
    for (int i = 0; i < WIDTH; i++) {
      bar.append(i < filled ? '=' : i == filled ? '>' : ' ');
    }
    String line =
        String.format(
            Locale.ROOT,
            "%s [%s] %4s  %s / %s  %s  ETA %s",
            name,
            bar,
            rate.percent(done),
            ByteSizes.decimal(done),
            ByteSizes.decimal(total),
            rate.speed(done),
            rate.eta(done));
    out.print("\r" + line + " ".repeat(Math.max(0, lastLength - line.length())));
    out.flush();
    lastLength = line.length();
  }
}
