package dev.samovar.training.dataset.select;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * A reproducible shuffle: rows are ordered by a rank derived from the seed and their id (unsigned,
 * ties by id), so that the order depends on the seed and the ids only, not on where the rows stand
 * in the input.
 */
final class SeededOrder {
  private SeededOrder() {}

  /** The first 8 bytes of SHA-256(seed as 8 bytes big-endian, id as UTF-8). */
  static long rank(long seed, String id) {
    MessageDigest sha;
    try {
      sha = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no SHA-256", e);
    }
    sha.update(ByteBuffer.allocate(Long.BYTES).putLong(seed).array());
    return ByteBuffer.wrap(sha.digest(id.getBytes(StandardCharsets.UTF_8))).getLong();
  }
}
