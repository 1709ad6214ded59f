package dev.samovar.models.download;

/** A download failed; the message is one line that says what happened and what to do. */
public final class DownloadException extends RuntimeException {
  public DownloadException(String message) {
    super(message);
  }

  public DownloadException(String message, Throwable cause) {
    super(message, cause);
  }
}
