package dev.samovar.training.dataset.select;

import dev.samovar.training.TrainingException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A JSONL file read line by line (LF or CRLF line ends); blank lines are skipped. Each line must be
 * UTF-8: one that is not stops the reading with its line number.
 */
record JsonlSource(Path file) implements RowSource {
  private static final int CHUNK = 1 << 16;

  @Override
  public void read(Visitor visitor) throws IOException {
    CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder();
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    byte[] chunk = new byte[CHUNK];
    long number = 0;
    long unreported = 0;
    try (InputStream in = Files.newInputStream(file)) {
      for (int n = in.read(chunk); n >= 0; n = in.read(chunk)) {
        int start = 0;
        for (int i = 0; i < n; i++) {
          if (chunk[i] == '\n') {
            line.write(chunk, start, i - start);
            number++;
            unreported += line.size() + 1;
            if (row(visitor, utf8, number, line.toByteArray(), unreported)) {
              unreported = 0;
            }
            line.reset();
            start = i + 1;
          }
        }
        line.write(chunk, start, n - start);
      }
    }
    if (line.size() > 0) {
      row(visitor, utf8, number + 1, line.toByteArray(), unreported + line.size());
    }
  }

  /** Passes a non-blank line to {@code visitor}; returns whether it did. */
  private boolean row(
      Visitor visitor, CharsetDecoder utf8, long number, byte[] bytes, long consumed) {
    String text;
    try {
      text = utf8.decode(ByteBuffer.wrap(bytes)).toString();
    } catch (CharacterCodingException e) {
      throw new TrainingException(file + ":" + number + ": not UTF-8 text");
    }
    if (text.isBlank()) {
      return false;
    }
    visitor.row(number, text, consumed);
    return true;
  }
}
