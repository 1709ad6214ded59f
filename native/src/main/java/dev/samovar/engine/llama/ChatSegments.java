package dev.samovar.engine.llama;

import dev.samovar.engine.EngineException;
import dev.samovar.engine.Prompt;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits a rendered chat into template text (special) and message contents (plain). The template is
 * rendered twice: with the real contents, and with a unique marker in place of each content. The
 * text around the markers is the template's own; each content must then appear in the real
 * rendering exactly between those pieces, as given or trimmed the way llama.cpp's templates trim.
 * Anything else fails, so a message can never end up in a special segment.
 */
final class ChatSegments {
  private ChatSegments() {}

  /**
   * @param rendered the chat rendered with the real contents
   * @param templatePieces the template text before, between and after the messages (one more than
   *     the messages)
   * @param contents the messages' contents, in order
   */
  static Prompt split(String rendered, List<String> templatePieces, List<String> contents) {
    if (templatePieces.size() != contents.size() + 1) {
      throw new IllegalArgumentException(
          templatePieces.size() + " template pieces for " + contents.size() + " messages");
    }
    List<Prompt.Segment> segments = new ArrayList<>();
    int position = expectTemplate(rendered, 0, templatePieces.getFirst(), segments);
    for (int i = 0; i < contents.size(); i++) {
      String next = templatePieces.get(i + 1);
      String content = locate(rendered, position, contents.get(i), next, i);
      if (!content.isEmpty()) {
        segments.add(new Prompt.Text(content, false));
      }
      position = expectTemplate(rendered, position + content.length(), next, segments);
    }
    if (position != rendered.length()) {
      throw new EngineException(
          "the chat template rendered text after the last template piece; cannot split it safely");
    }
    return new Prompt(segments);
  }

  private static int expectTemplate(
      String rendered, int position, String piece, List<Prompt.Segment> segments) {
    if (!rendered.startsWith(piece, position)) {
      throw new EngineException(
          "the chat template renders message contents in a way samovar cannot split safely");
    }
    if (!piece.isEmpty()) {
      segments.add(new Prompt.Text(piece, true));
    }
    return position + piece.length();
  }

  private static String locate(
      String rendered, int position, String content, String next, int index) {
    for (String candidate : List.of(content, trim(content))) {
      if (rendered.startsWith(candidate, position)
          && rendered.startsWith(next, position + candidate.length())) {
        return candidate;
      }
    }
    throw new EngineException(
        "cannot locate the content of message "
            + (index + 1)
            + " in the rendered chat; refusing to tokenize it with control tokens");
  }

  /** Trims the characters C's isspace() accepts, as llama.cpp's chat templates do. */
  static String trim(String text) {
    int start = 0;
    int end = text.length();
    while (start < end && isSpace(text.charAt(start))) {
      start++;
    }
    while (end > start && isSpace(text.charAt(end - 1))) {
      end--;
    }
    return text.substring(start, end);
  }

  private static boolean isSpace(char c) {
    return c == ' ' || (c >= '\t' && c <= '\r');
  }
}
