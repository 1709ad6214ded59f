package dev.samovar.server.error;

/** A malformed request or a request field with a wrong type or value (HTTP 400). */
public final class InvalidRequestException extends ApiException {
  private final String param;

  /**
   * @param message what is wrong, fit for the client
   * @param param the offending request field (e.g. {@code messages[0].role}), or null
   */
  public InvalidRequestException(String message, String param) {
    super(message);
    this.param = param;
  }

  public String param() {
    return param;
  }
}
