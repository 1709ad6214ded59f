package dev.samovar.models.gguf;

/**
 * A GGUF file, or a value looked up in one, does not have the structure the format or the caller
 * requires. The message names the offset or key at fault.
 */
public final class GgufFormatException extends RuntimeException {
  public GgufFormatException(String message) {
    super(message);
  }

  public GgufFormatException(String message, Throwable cause) {
    super(message, cause);
  }
}
