package dev.samovar.models.download;

import java.io.PrintWriter;
import java.time.Duration;

/** Hears how a download advances. Calls come from the downloading thread. */
public interface DownloadProgress {
  /**
   * The transfer of {@code name} starts (or resumes).
   *
   * @param total the file's size in bytes
   * @param resumedAt bytes already there from an earlier, interrupted download
   */
  void started(String name, long total, long resumedAt);

  /** {@code done} bytes of the file are on disk. */
  void advanced(long done);

  /** All bytes arrived and their SHA-256 matched. */
  void finished(long done);

  /** Hears nothing. */
  static DownloadProgress silent() {
    return new DownloadProgress() {
      @Override
      public void started(String name, long total, long resumedAt) {}

      @Override
      public void advanced(long done) {}

      @Override
      public void finished(long done) {}
    };
  }

  /**
   * A progress bar redrawn in place when {@code terminal} (a console is attached), otherwise a
   * plain line every {@code interval}.
   */
  static DownloadProgress to(PrintWriter out, boolean terminal, Duration interval) {
    return terminal
        ? new ProgressBar(out, System::nanoTime)
        : new ProgressLines(out, System::nanoTime, interval);
  }
}
