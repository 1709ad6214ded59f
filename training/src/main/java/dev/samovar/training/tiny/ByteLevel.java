package dev.samovar.training.tiny;

import java.nio.charset.StandardCharsets;

/** GPT-2's byte-to-unicode spelling of byte-level BPE tokens. */
final class ByteLevel {
  private static final char[] BYTE_TO_CHAR = new char[256];

  static {
    int extra = 0;
    for (int b = 0; b < 256; b++) {
      boolean printable = (b >= 33 && b <= 126) || (b >= 161 && b <= 172) || b >= 174;
      BYTE_TO_CHAR[b] = printable ? (char) b : (char) (0x100 + extra++);
    }
  }

  private ByteLevel() {}

  static String spell(int b) {
    return String.valueOf(BYTE_TO_CHAR[b & 0xFF]);
  }

  static String spell(String text) {
    StringBuilder out = new StringBuilder();
    for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
      out.append(BYTE_TO_CHAR[b & 0xFF]);
    }
    return out.toString();
  }
}
