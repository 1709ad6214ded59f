package dev.samovar.models.download;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * SHA-256 of files, and the checksum file recorded next to a downloaded model: {@code
 * model.gguf.sha256} holding {@code <hex> model.gguf}, the format {@code sha256sum -c} reads.
 */
public final class Sha256 {
  /** The suffix of a checksum file. */
  public static final String SUFFIX = ".sha256";

  private static final Pattern HEX = Pattern.compile("[0-9a-f]{64}");
  private static final Pattern LINE = Pattern.compile("([0-9a-f]{64}) [ *](.+)");
  private static final int BUFFER = 1 << 20;

  private Sha256() {}

  /** Whether {@code text} is a SHA-256 in lowercase hex. */
  public static boolean isHex(String text) {
    return HEX.matcher(text).matches();
  }

  /** A fresh SHA-256 digest. */
  static MessageDigest digest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("this JVM has no SHA-256", e);
    }
  }

  /** Feeds the first {@code length} bytes of {@code file} to {@code digest}. */
  static void update(MessageDigest digest, Path file, long length) throws IOException {
    byte[] buffer = new byte[BUFFER];
    long left = length;
    try (InputStream in = Files.newInputStream(file)) {
      while (left > 0) {
        int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
        if (n < 0) {
          throw new IOException(file + " ended after " + (length - left) + " bytes");
        }
        digest.update(buffer, 0, n);
        left -= n;
      }
    }
  }

  /** The SHA-256 of {@code file}'s content, in lowercase hex. */
  public static String of(Path file) throws IOException {
    MessageDigest digest = digest();
    update(digest, file, Files.size(file));
    return hex(digest);
  }

  /** The digest's value in lowercase hex. */
  static String hex(MessageDigest digest) {
    return HexFormat.of().formatHex(digest.digest());
  }

  /** The checksum file of {@code model}: {@code model.gguf.sha256}. */
  public static Path checksumFile(Path model) {
    return model.resolveSibling(model.getFileName() + SUFFIX);
  }

  /**
   * The SHA-256 recorded for {@code model}, if a checksum file is there.
   *
   * @throws IOException when it cannot be read or does not hold one {@code <hex> <name>} line
   */
  public static Optional<String> recorded(Path model) throws IOException {
    Path file = checksumFile(model);
    if (!Files.exists(file)) {
      return Optional.empty();
    }
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    Matcher line = lines.size() == 1 ? LINE.matcher(lines.getFirst()) : null;
    if (line == null || !line.matches()) {
      throw new IOException(file + " is not a checksum file of one '<sha256>  <file>' line");
    }
    return Optional.of(line.group(1));
  }

  /** Records {@code sha256} for {@code model}, replacing its checksum file atomically. */
  public static void record(Path model, String sha256) throws IOException {
    if (!isHex(sha256)) {
      throw new IllegalArgumentException("not a SHA-256: " + sha256);
    }
    Path file = checksumFile(model);
    Path temp = Files.createTempFile(file.toAbsolutePath().getParent(), ".sha256.", ".tmp");
    try {
      Files.writeString(temp, sha256 + "  " + model.getFileName() + "\n", StandardCharsets.UTF_8);
      moveAtomically(temp, file);
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  /** Moves {@code source} over {@code target} atomically where the file system can. */
  static void moveAtomically(Path source, Path target) throws IOException {
    try {
      Files.move(
          source, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(source, target, StandardCopyOption.REPLACE_EXISTING);
    }
  }
}
