package dev.samovar.engine;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A prompt as segments: text that may contain control-token text (the chat template's headers),
 * plain text that is tokenized as text only, and token ids given as they are.
 */
public record Prompt(List<Segment> segments) {
  public Prompt {
    segments = List.copyOf(segments);
  }

  /** A prompt of plain text only. */
  public static Prompt plain(String text) {
    return new Prompt(List.of(new Text(text, false)));
  }

  /** A prompt of token ids, fed as they are. */
  public static Prompt tokens(int[] ids) {
    return new Prompt(List.of(new Tokens(ids)));
  }

  /**
   * The whole prompt as one string.
   *
   * @throws IllegalStateException when the prompt holds token ids
   */
  public String text() {
    return segments.stream()
        .map(
            segment ->
                switch (segment) {
                  case Text text -> text.text();
                  case Tokens tokens ->
                      throw new IllegalStateException("the prompt holds token ids, not text");
                })
        .collect(Collectors.joining());
  }

  /** A piece of a prompt. */
  public sealed interface Segment permits Text, Tokens {}

  /** Prompt text; {@code special} lets control-token text become control tokens. */
  public record Text(String text, boolean special) implements Segment {}

  /** Token ids, fed as they are. */
  public record Tokens(int[] ids) implements Segment {
    public Tokens {
      ids = ids.clone();
    }

    @Override
    public int[] ids() {
      return ids.clone();
    }
  }
}
