package dev.samovar.models.tiny;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * GPT-2's byte-to-unicode table, in which byte-level BPE vocabularies spell their tokens: bytes
 * 33-126, 161-172 and 174-255 stand for themselves, the other 68 bytes, in increasing order, for
 * U+0100, U+0101 and on (space is U+0120 'Ġ', newline U+010A 'Ċ').
 */
public final class ByteUnicode {
  private static final char[] BYTE_TO_CHAR = new char[256];
  private static final int[] CHAR_TO_BYTE = new int[0x200];

  static {
    Arrays.fill(CHAR_TO_BYTE, -1);
    int extra = 0;
    for (int b = 0; b < 256; b++) {
      boolean printable = (b >= 33 && b <= 126) || (b >= 161 && b <= 172) || (b >= 174);
      char c = printable ? (char) b : (char) (0x100 + extra++);
      BYTE_TO_CHAR[b] = c;
      CHAR_TO_BYTE[c] = b;
    }
  }

  private ByteUnicode() {}

  /** The token spelling of {@code bytes}. */
  public static String encode(byte[] bytes) {
    StringBuilder text = new StringBuilder(bytes.length);
    for (byte b : bytes) {
      text.append(BYTE_TO_CHAR[b & 0xFF]);
    }
    return text.toString();
  }

  /** The token spelling of {@code text}'s UTF-8 bytes. */
  static String encode(String text) {
    return encode(text.getBytes(StandardCharsets.UTF_8));
  }

  /** The bytes a token spelling stands for. */
  static byte[] decode(String spelling) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(spelling.length());
    for (int i = 0; i < spelling.length(); i++) {
      char c = spelling.charAt(i);
      int b = c < CHAR_TO_BYTE.length ? CHAR_TO_BYTE[c] : -1;
      if (b < 0) {
        throw new IllegalArgumentException(
            "'" + spelling + "' is not in byte-to-unicode form: U+" + Integer.toHexString(c));
      }
      bytes.write(b);
    }
    return bytes.toByteArray();
  }
}
