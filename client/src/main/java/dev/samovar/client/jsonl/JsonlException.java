package dev.samovar.client.jsonl;

/** A JSONL file cannot be read, parsed or written; the message names the file and line. */
public final class JsonlException extends RuntimeException {
  public JsonlException(String message) {
    super(message);
  }

  public JsonlException(String message, Throwable cause) {
    super(message, cause);
  }
}
