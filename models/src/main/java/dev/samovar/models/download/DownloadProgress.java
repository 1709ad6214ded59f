package dev.samovar.models.download;

/**
 * Hears how a download advances; the commands show it to the user. Calls come from the downloading
 * thread.
 */
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
}
