package dev.samovar.client;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;

/** One-line texts of what an endpoint answered or how a call failed, for error messages. */
public final class ErrorText {
  private static final int MAX_SNIPPET = 200;

  private ErrorText() {}

  /** The OpenAI {@code error.message} of an error body, else the start of the body. */
  public static String ofBody(String body) {
    try {
      JsonNode message = Json.MAPPER.readTree(body).path("error").path("message");
      if (message.isTextual() && !message.textValue().isBlank()) {
        return oneLine(message.textValue());
      }
    } catch (JacksonException notJson) {
      // the raw body says it
    }
    return body.isBlank() ? "(empty body)" : snippet(body);
  }

  /** The exception's message on one line, else its class name. */
  public static String of(IOException e) {
    String message = e.getMessage();
    return message == null || message.isBlank() ? e.getClass().getSimpleName() : oneLine(message);
  }

  /** {@code text} on one line, cut after {@value #MAX_SNIPPET} characters. */
  public static String snippet(String text) {
    String line = oneLine(text);
    return line.length() <= MAX_SNIPPET ? line : line.substring(0, MAX_SNIPPET) + "...";
  }

  /** {@code text} stripped, each line break with the spaces around it made one space. */
  public static String oneLine(String text) {
    return text.strip().replaceAll("\\s*\\R\\s*", " ");
  }
}
