package dev.samovar.server.api;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.util.ArrayList;
import java.util.List;

/** How a token's bytes and log-probability appear on the wire. */
final class TokenText {
  /** What OpenAI reports for a token that cannot be sampled. */
  static final double UNLIKELY = -9999.0;

  private TokenText() {}

  /** The bytes decoded as UTF-8; a piece of a character becomes U+FFFD. */
  static String text(byte[] bytes) {
    return new String(bytes, UTF_8);
  }

  /** The bytes as unsigned integers. */
  static List<Integer> bytes(byte[] bytes) {
    List<Integer> result = new ArrayList<>(bytes.length);
    for (byte b : bytes) {
      result.add(Byte.toUnsignedInt(b));
    }
    return result;
  }

  /** JSON has no infinity: an impossible token gets {@link #UNLIKELY}. */
  static double logprob(double logprob) {
    return Double.isFinite(logprob) ? logprob : UNLIKELY;
  }
}
