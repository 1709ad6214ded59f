package dev.samovar.server.error;

/**
 * An HTTP status with the OpenAI error object sent for it.
 *
 * @param status the HTTP status
 * @param body the JSON body {@code {"error":{...}}}
 */
public record ApiError(int status, Body body) {

  /** The wire form: {@code {"error":{"message","type","param","code"}}}. */
  public record Body(Detail error) {}

  /** OpenAI's error fields; {@code param} and {@code code} may be null. */
  public record Detail(String message, String type, String param, String code) {}

  static ApiError of(int status, String message, String type, String param, String code) {
    return new ApiError(status, new Body(new Detail(message, type, param, code)));
  }
}
