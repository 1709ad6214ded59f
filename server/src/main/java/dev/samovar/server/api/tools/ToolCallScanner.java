package dev.samovar.server.api.tools;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.samovar.server.api.Json;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Reads one choice's output while it is generated: plain text, or a call document of {@link
 * ToolPrompt}'s format, whose calls it reports as soon as their parts arrive: a call once its name
 * is complete, then its arguments' JSON text piece by piece. Where text is allowed the first
 * character decides (a document starts with '{'); otherwise the output is a document.
 */
public final class ToolCallScanner {
  /** What a piece of output adds. */
  public sealed interface Part permits Text, CallStart, Arguments {}

  /** Plain text. */
  public record Text(String text) implements Part {}

  /** Call {@code index} (from 0) of function {@code name} began. */
  public record CallStart(int index, String id, String name) implements Part {}

  /** More of call {@code index}'s arguments. */
  public record Arguments(int index, String text) implements Part {}

  private static final int CALL_DEPTH = 3;

  private final boolean textAllowed;
  private final String idPrefix;
  private final List<Call> calls = new ArrayList<>();
  private Boolean document;
  private int depth;
  private boolean inString;
  private boolean escaped;
  private StringBuilder literal;
  private String key;
  private boolean afterColon;
  private boolean inArguments;

  /** One call as it is read. */
  private static final class Call {
    final StringBuilder arguments = new StringBuilder();
    String id;
    String name;
  }

  /**
   * @param textAllowed whether the output may be text instead of a call document
   * @param idPrefix what call ids start with ({@code call_} for OpenAI, {@code toolu_} for
   *     Anthropic), before 24 hex digits
   */
  ToolCallScanner(boolean textAllowed, String idPrefix) {
    this.textAllowed = textAllowed;
    this.idPrefix = idPrefix;
  }

  /**
   * The scanner of a request's output: all text when no tools are offered, text or a call document
   * under "auto", otherwise a call document.
   */
  public static ToolCallScanner of(ToolSet tools, String idPrefix) {
    ToolCallScanner scanner = new ToolCallScanner(tools.textAllowed(), idPrefix);
    if (!tools.offered()) {
      scanner.document = false;
    }
    return scanner;
  }

  private String newCallId() {
    byte[] random = new byte[12];
    ThreadLocalRandom.current().nextBytes(random);
    return idPrefix + HexFormat.of().formatHex(random);
  }

  /** What {@code text}, the next piece of output, adds; possibly nothing yet. */
  public List<Part> accept(String text) {
    if (text.isEmpty()) {
      return List.of();
    }
    if (document == null) {
      document = !textAllowed || text.charAt(0) == '{';
    }
    if (!document) {
      return List.of(new Text(text));
    }
    List<Part> parts = new ArrayList<>();
    StringBuilder arguments = new StringBuilder();
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (inArguments) {
        arguments.append(c);
        track(c);
        if (depth == CALL_DEPTH && !inString) {
          inArguments = false;
          flushArguments(parts, arguments);
        }
        continue;
      }
      if (inString) {
        literal(c, parts, arguments);
        continue;
      }
      switch (c) {
        case '"' -> {
          inString = true;
          literal = depth == CALL_DEPTH ? new StringBuilder("\"") : null;
        }
        case '{', '[' -> {
          if (depth == CALL_DEPTH && afterColon && "arguments".equals(key)) {
            inArguments = true;
            arguments.append(c);
          } else if (depth == CALL_DEPTH - 1) {
            calls.add(new Call());
            key = null;
            afterColon = false;
          }
          depth++;
        }
        case '}', ']' -> depth--;
        case ':' -> afterColon = depth == CALL_DEPTH;
        case ',' -> {
          if (depth == CALL_DEPTH) {
            afterColon = false;
            key = null;
          }
        }
        default -> {
          // whitespace between tokens
        }
      }
    }
    flushArguments(parts, arguments);
    return parts;
  }

  /** A character of a string literal outside the arguments. */
  private void literal(char c, List<Part> parts, StringBuilder arguments) {
    if (literal != null) {
      literal.append(c);
    }
    if (escaped) {
      escaped = false;
    } else if (c == '\\') {
      escaped = true;
    } else if (c == '"') {
      inString = false;
      if (literal != null) {
        String value = unquote(literal.toString());
        if (!afterColon) {
          key = value;
        } else if ("name".equals(key)) {
          flushArguments(parts, arguments);
          Call call = calls.getLast();
          call.name = value;
          call.id = newCallId();
          parts.add(new CallStart(calls.size() - 1, call.id, value));
          if (!call.arguments.isEmpty()) {
            parts.add(new Arguments(calls.size() - 1, call.arguments.toString()));
          }
        }
      }
    }
  }

  /** Tracks strings and nesting inside the arguments. */
  private void track(char c) {
    if (inString) {
      if (escaped) {
        escaped = false;
      } else if (c == '\\') {
        escaped = true;
      } else if (c == '"') {
        inString = false;
      }
    } else if (c == '"') {
      inString = true;
    } else if (c == '{' || c == '[') {
      depth++;
    } else if (c == '}' || c == ']') {
      depth--;
    }
  }

  /** Hands on arguments read in this piece: to their call, and as a part once it is named. */
  private void flushArguments(List<Part> parts, StringBuilder arguments) {
    if (arguments.isEmpty()) {
      return;
    }
    Call call = calls.getLast();
    call.arguments.append(arguments);
    if (call.name != null) {
      parts.add(new Arguments(calls.size() - 1, arguments.toString()));
    }
    arguments.setLength(0);
  }

  /** Whether the output is a call document (as far as it has come). */
  public boolean isDocument() {
    return Boolean.TRUE.equals(document);
  }

  /** The calls read so far whose name is complete, with their arguments so far. */
  public List<ToolCall> calls() {
    return calls.stream()
        .filter(call -> call.name != null)
        .map(call -> new ToolCall(call.id, call.name, call.arguments.toString()))
        .toList();
  }

  private static String unquote(String literal) {
    try {
      return Json.MAPPER.readValue(literal, String.class);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a string literal the grammar allowed: " + literal, e);
    }
  }
}
