package dev.samovar.engine;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A prompt as text segments. Segments marked special may contain control-token text (the chat
 * template's headers); the others are tokenized as plain text.
 */
public record Prompt(List<Segment> segments) {
  public Prompt {
    segments = List.copyOf(segments);
  }

  /** A prompt of plain text only. */
  public static Prompt plain(String text) {
    return new Prompt(List.of(new Segment(text, false)));
  }

  /** The whole prompt as one string. */
  public String text() {
    return segments.stream().map(Segment::text).collect(Collectors.joining());
  }

  /** A piece of prompt text; {@code special} lets control-token text become control tokens. */
  public record Segment(String text, boolean special) {}
}
