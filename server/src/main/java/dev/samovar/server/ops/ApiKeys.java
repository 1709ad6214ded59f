package dev.samovar.server.ops;

import dev.samovar.server.error.UnauthorizedException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;

/**
 * The accepted API keys, checked in constant time: a key comes as {@code Authorization: Bearer KEY}
 * or {@code X-Api-Key: KEY}; the SHA-256 of what came is compared with that of every key.
 */
public final class ApiKeys {
  private static final String BEARER = "Bearer ";

  private final List<byte[]> digests;

  /** The keys {@code keys}; none means every request passes. */
  public ApiKeys(List<String> keys) {
    digests = keys.stream().map(ApiKeys::digest).toList();
  }

  /** Whether keys are needed at all. */
  public boolean required() {
    return !digests.isEmpty();
  }

  /**
   * The key a request presented, checked.
   *
   * @param authorization the {@code Authorization} header, or null
   * @param apiKey the {@code X-Api-Key} header, or null
   * @return the key's index, to tell keys apart without keeping them; -1 when no keys are needed
   * @throws UnauthorizedException when keys are needed and none of them came
   */
  public int check(String authorization, String apiKey) {
    if (!required()) {
      return -1;
    }
    String presented = presented(authorization, apiKey);
    if (presented == null) {
      throw new UnauthorizedException(
          "Missing API key: send 'Authorization: Bearer <key>' or 'X-Api-Key: <key>'.");
    }
    byte[] digest = digest(presented);
    int match = -1;
    for (int i = 0; i < digests.size(); i++) {
      if (MessageDigest.isEqual(digests.get(i), digest) && match < 0) {
        match = i;
      }
    }
    if (match < 0) {
      throw new UnauthorizedException("Incorrect API key provided.");
    }
    return match;
  }

  private static String presented(String authorization, String apiKey) {
    if (authorization != null && authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
      return authorization.substring(BEARER.length()).strip();
    }
    if (apiKey != null && !apiKey.isBlank()) {
      return apiKey.strip();
    }
    return null;
  }

  private static byte[] digest(String key) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }
}
