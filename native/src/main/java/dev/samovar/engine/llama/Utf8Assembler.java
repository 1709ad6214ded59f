package dev.samovar.engine.llama;

/**
 * Turns the bytes of successive tokens into whole characters. A character split over tokens is held
 * until its last byte arrives; bytes that can never form a valid UTF-8 character (a stray
 * continuation byte, an invalid lead byte, an overlong form, a surrogate, a character cut short)
 * are dropped, so the text never carries a replacement character that the bytes did not encode.
 */
final class Utf8Assembler {
  private final StringBuilder out = new StringBuilder();
  private int pendingLength;
  private int expectedLength;
  private int lead;
  private int codePoint;

  /** Adds bytes; returns the characters they completed. */
  String accept(byte[] bytes) {
    out.setLength(0);
    for (byte b : bytes) {
      accept(b & 0xFF);
    }
    return out.toString();
  }

  /** Whether bytes of an unfinished character are held. */
  boolean pending() {
    return pendingLength > 0;
  }

  private void accept(int b) {
    if (pendingLength > 0) {
      if (continues(b)) {
        codePoint = (codePoint << 6) | (b & 0x3F);
        if (++pendingLength == expectedLength) {
          out.appendCodePoint(codePoint);
          pendingLength = 0;
        }
        return;
      }
      pendingLength = 0;
    }
    if (b < 0x80) {
      out.append((char) b);
    } else if (b >= 0xC2 && b <= 0xDF) {
      start(b, 2, b & 0x1F);
    } else if (b >= 0xE0 && b <= 0xEF) {
      start(b, 3, b & 0x0F);
    } else if (b >= 0xF0 && b <= 0xF4) {
      start(b, 4, b & 0x07);
    }
  }

  private void start(int b, int length, int bits) {
    lead = b;
    expectedLength = length;
    codePoint = bits;
    pendingLength = 1;
  }

  /** A continuation byte, within the range the lead byte allows for the second byte. */
  private boolean continues(int b) {
    if ((b & 0xC0) != 0x80) {
      return false;
    }
    if (pendingLength > 1) {
      return true;
    }
    return switch (lead) {
      case 0xE0 -> b >= 0xA0;
      case 0xED -> b <= 0x9F;
      case 0xF0 -> b >= 0x90;
      case 0xF4 -> b <= 0x8F;
      default -> true;
    };
  }
}
