package dev.samovar.server.error;

import java.util.Map;

/**
 * An HTTP status with the headers and the OpenAI error object sent for it.
 *
 * @param status the HTTP status
 * @param headers extra response headers (e.g. {@code Retry-After})
 * @param body the JSON body {@code {"error":{...}}}
 */
public record ApiError(int status, Map<String, String> headers, Body body) {

  public ApiError {
    headers = Map.copyOf(headers);
  }

  /** The wire form: {@code {"error":{"message","type","param","code"}}}. */
  public record Body(Detail error) {}

  /** OpenAI's error fields; {@code param} and {@code code} may be null. */
  public record Detail(String message, String type, String param, String code) {}

  static ApiError of(int status, String message, String type, String param, String code) {
    return new ApiError(status, Map.of(), new Body(new Detail(message, type, param, code)));
  }
}
