package dev.samovar.server.error;

/** A malformed request or a request field with a wrong type or value (HTTP 400). */
public final class InvalidRequestException extends ApiException {
  private final String param;
  private final String code;

  /**
   * @param message what is wrong, fit for the client
   * @param param the offending request field (e.g. {@code messages[0].role}), or null
   */
  public InvalidRequestException(String message, String param) {
    this(message, param, null);
  }

  /**
   * @param message what is wrong, fit for the client
   * @param param the offending request field, or null
   * @param code OpenAI's error code (e.g. {@code context_length_exceeded}), or null
   */
  public InvalidRequestException(String message, String param, String code) {
    super(message);
    this.param = param;
    this.code = code;
  }

  public String param() {
    return param;
  }

  public String code() {
    return code;
  }
}
