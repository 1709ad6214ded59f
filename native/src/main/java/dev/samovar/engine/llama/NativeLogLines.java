package dev.samovar.engine.llama;

import java.util.ArrayList;
import java.util.List;

/**
 * Joins llama.cpp's log chunks into lines. llama.cpp logs pieces of a line in several calls, the
 * later ones with the "continue" level; a line is complete at its '\n'.
 */
final class NativeLogLines {
  private final StringBuilder pending = new StringBuilder();
  private int pendingLevel = LlamaLibrary.LOG_INFO;

  /** Adds a chunk logged at {@code level}; returns the lines it completed, in order. */
  synchronized List<Line> accept(int level, String chunk) {
    List<Line> lines = new ArrayList<>();
    if (level != LlamaLibrary.LOG_CONTINUE && level != pendingLevel) {
      flushInto(lines);
      pendingLevel = level;
    }
    int start = 0;
    for (int end = chunk.indexOf('\n'); end >= 0; end = chunk.indexOf('\n', start)) {
      pending.append(chunk, start, end);
      flushInto(lines);
      start = end + 1;
    }
    pending.append(chunk, start, chunk.length());
    return lines;
  }

  private void flushInto(List<Line> lines) {
    if (!pending.isEmpty()) {
      lines.add(new Line(pendingLevel, pending.toString()));
      pending.setLength(0);
    }
  }

  /** One complete log line without its '\n'. */
  record Line(int level, String text) {}
}
