package dev.samovar.server.cli;

import dev.samovar.cli.Progress;
import dev.samovar.models.ByteSizes;
import dev.samovar.models.download.DownloadProgress;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * Shows a model download through the commands' one reporter, {@link Progress}: a line {@code
 * downloading NAME (SIZE[, resuming at SIZE])} when a transfer starts, then the bar on a terminal
 * or a status line every interval elsewhere, and a last line once the bytes are verified. Bytes
 * kept from an interrupted download count as resumed, not towards the speed. One file at a time,
 * from the downloading thread.
 */
public final class DownloadReport implements DownloadProgress {
  private final PrintWriter out;
  private final boolean terminal;
  private final Duration interval;
  private final LongSupplier clock;
  private Progress progress;
  private long done;

  /**
   * @param out where to report
   * @param terminal whether {@code out} is a terminal (a bar redrawn in place)
   * @param interval the least time between status lines off a terminal
   * @param clock nanoseconds ({@code System::nanoTime})
   */
  public DownloadReport(PrintWriter out, boolean terminal, Duration interval, LongSupplier clock) {
    this.out = out;
    this.terminal = terminal;
    this.interval = interval;
    this.clock = clock;
  }

  @Override
  public void started(String name, long total, long resumedAt) {
    progress = new Progress(out, name, total, null, terminal, interval, clock);
    progress.note(
        "downloading "
            + name
            + " ("
            + ByteSizes.decimal(total)
            + (resumedAt > 0 ? ", resuming at " + ByteSizes.decimal(resumedAt) : "")
            + ")");
    progress.skip(resumedAt);
    done = resumedAt;
  }

  @Override
  public void advanced(long done) {
    progress.advance(done - this.done, null);
    this.done = done;
  }

  @Override
  public void finished(long done) {
    if (done != this.done) {
      advanced(done);
    }
    progress.finish("downloaded, SHA-256 verified");
  }
}
