package dev.samovar.server.api;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.databind.JsonNode;
import dev.samovar.server.error.InvalidRequestException;
import java.io.IOException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads a request body as one JSON object, with parse errors that name line and column. */
public final class JsonBody {
  /**
   * Jackson's nested location, e.g. {@code (start marker at [Source: ...; line: 1, column: 5])}.
   */
  private static final Pattern START_MARKER =
      Pattern.compile("\\s*\\(start marker at \\[Source: .*?; line: (\\d+), column: (\\d+)\\]\\)");

  /** Jackson's advice to enable a parser feature, which clients cannot do. */
  private static final Pattern FEATURE_HINT = Pattern.compile(":? *enable `[^`]*` to allow");

  private JsonBody() {}

  /**
   * The body as a JSON object.
   *
   * @throws InvalidRequestException when the body is empty, not JSON or not an object
   */
  public static JsonNode object(byte[] body) {
    JsonNode root;
    try {
      root = Json.MAPPER.readTree(body);
    } catch (JacksonException e) {
      throw new InvalidRequestException(describe(e), null);
    } catch (IOException e) {
      throw new InvalidRequestException("The request body could not be read.", null);
    }
    if (root == null || root.isMissingNode()) {
      throw new InvalidRequestException("The request body is empty; send a JSON object.", null);
    }
    if (!root.isObject()) {
      throw new InvalidRequestException("The request body must be a JSON object.", null);
    }
    return root;
  }

  private static String describe(JacksonException e) {
    String reason = e.getOriginalMessage() == null ? "" : e.getOriginalMessage();
    Matcher marker = START_MARKER.matcher(reason);
    reason =
        marker.replaceAll(
            match -> " (opened at line " + match.group(1) + ", column " + match.group(2) + ")");
    reason = FEATURE_HINT.matcher(reason).replaceAll("").strip();
    JsonLocation location = e.getLocation();
    String where =
        location == null || location.getLineNr() < 1
            ? ""
            : " at line " + location.getLineNr() + ", column " + location.getColumnNr();
    return "The request body is not valid JSON" + where + ": " + reason + ".";
  }
}
