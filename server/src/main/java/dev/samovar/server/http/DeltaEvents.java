package dev.samovar.server.http;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import dev.samovar.server.api.CompletionFormat;
import java.io.IOException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The events of text deltas without log-probabilities, the bulk of a stream, from one template per
 * choice: the event of {@code format.delta(index, MARK)} (one chunk) split around the mark, with
 * each text JSON-escaped in between. The bytes are those of {@link SseEvents#data} of {@code
 * format.delta(index, text, List.of())}'s chunk, without building and serializing a JSON tree per
 * token (a third of the stream writer's CPU per token on a machine whose caches the model's weights
 * flush at every step).
 */
final class DeltaEvents {
  /** A text no model name or id holds, which JSON escapes as itself apart from its controls. */
  private static final String MARK = "\u0001samovar-delta\u0001";

  private static final byte[] QUOTED_MARK = quoted(MARK);

  private final CompletionFormat format;
  private final Map<Integer, Template> templates = new HashMap<>();

  /** The format's deltas must be plain: depend on nothing but their choice and text. */
  DeltaEvents(CompletionFormat format) {
    if (!format.plainDeltas()) {
      throw new IllegalArgumentException("only plain deltas are templated");
    }
    this.format = format;
  }

  /** The event of choice {@code index}'s delta {@code text}. */
  byte[] event(int index, String text) throws IOException {
    Template template = templates.get(index);
    if (template == null) {
      template = Template.of(SseEvents.data(format.delta(index, MARK, List.of()).getFirst()));
      templates.put(index, template);
    }
    return template.with(text);
  }

  private static byte[] quoted(String text) {
    byte[] escaped = JsonStringEncoder.getInstance().quoteAsUTF8(text);
    byte[] quoted = new byte[escaped.length + 2];
    quoted[0] = '"';
    System.arraycopy(escaped, 0, quoted, 1, escaped.length);
    quoted[quoted.length - 1] = '"';
    return quoted;
  }

  /** An event's bytes before and after the text's escaped characters. */
  private record Template(byte[] before, byte[] after) {
    static Template of(byte[] event) {
      int at = indexOf(event, QUOTED_MARK, 0);
      if (at < 0 || indexOf(event, QUOTED_MARK, at + 1) >= 0) {
        throw new IllegalStateException("the delta chunk does not hold its text exactly once");
      }
      return new Template(
          Arrays.copyOf(event, at + 1),
          Arrays.copyOfRange(event, at + QUOTED_MARK.length - 1, event.length));
    }

    byte[] with(String text) {
      byte[] escaped = JsonStringEncoder.getInstance().quoteAsUTF8(text);
      byte[] event = Arrays.copyOf(before, before.length + escaped.length + after.length);
      System.arraycopy(escaped, 0, event, before.length, escaped.length);
      System.arraycopy(after, 0, event, before.length + escaped.length, after.length);
      return event;
    }

    private static int indexOf(byte[] bytes, byte[] part, int from) {
      for (int i = from; i <= bytes.length - part.length; i++) {
        if (Arrays.equals(bytes, i, i + part.length, part, 0, part.length)) {
          return i;
        }
      }
      return -1;
    }
  }
}
