package dev.samovar.cli;

import dev.samovar.client.jsonl.JobListener;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * A resumable job's events ({@link JobListener}) reported through {@link Progress}: notes before
 * the job starts as plain lines, then a count of the items done against those the job works on,
 * each retry counted and described on a line of its own, each item that failed for good named.
 */
public final class JobProgress implements JobListener {
  private final PrintWriter out;
  private final String name;
  private final String noun;
  private final boolean terminal;
  private final Duration interval;
  private final LongSupplier clock;
  private Progress progress;

  /**
   * @param out where to report
   * @param name what the job does, e.g. {@code mt answer}; status lines start with it
   * @param noun the items' name, e.g. {@code questions}
   * @param terminal whether {@code out} is a terminal (a bar redrawn in place)
   * @param interval the least time between status lines off a terminal; zero for a line per item
   * @param clock nanoseconds ({@code System::nanoTime})
   */
  public JobProgress(
      PrintWriter out,
      String name,
      String noun,
      boolean terminal,
      Duration interval,
      LongSupplier clock) {
    this.out = out;
    this.name = name;
    this.noun = noun;
    this.terminal = terminal;
    this.interval = interval;
    this.clock = clock;
  }

  /** Reports to {@code out}: a bar on a terminal, else a status line every {@code interval}. */
  public static JobProgress to(PrintWriter out, String name, String noun, Duration interval) {
    return new JobProgress(out, name, noun, Progress.onTerminal(), interval, System::nanoTime);
  }

  @Override
  public synchronized void note(String text) {
    if (progress == null) {
      out.println(text);
      out.flush();
    } else {
      progress.note(text);
    }
  }

  @Override
  public synchronized void started(int items) {
    progress = new Progress(out, name, items, noun, terminal, interval, clock);
  }

  @Override
  public void retrying(String what, String failure, int nextAttempt, int attempts, Duration delay) {
    Progress started = progress();
    started.retry();
    started.note(
        String.format(
            Locale.ROOT,
            "%s: %s; try %d of %d in %.1f s",
            what,
            failure,
            nextAttempt,
            attempts,
            delay.toMillis() / 1000.0));
  }

  @Override
  public void done(String what) {
    progress().advance(1, what);
  }

  @Override
  public void failed(String item, String reason) {
    progress().failed(item + ": " + reason);
  }

  @Override
  public synchronized void finished() {
    if (progress != null) {
      progress.end();
    }
  }

  private synchronized Progress progress() {
    if (progress == null) {
      throw new IllegalStateException("the job has not started");
    }
    return progress;
  }
}
