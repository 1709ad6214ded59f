package dev.samovar.models.download;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The partial files of downloads: {@code file.<hash-prefix>.part} next to the target, named by the
 * first digits of the SHA-256 of the content they are filled with, so that a download resumes only
 * a partial file of the same content.
 */
final class PartialFiles {
  private static final String SUFFIX = ".part";
  private static final int HASH_DIGITS = 16;

  private PartialFiles() {}

  /** The partial file of a download of {@code target} whose SHA-256 is {@code sha256}. */
  static Path of(Path target, String sha256) {
    return target.resolveSibling(
        target.getFileName() + "." + sha256.substring(0, HASH_DIGITS) + SUFFIX);
  }

  /** The partial files of downloads of {@code target}, whatever their hash. */
  static List<Path> all(Path target) throws IOException {
    Path dir = target.toAbsolutePath().getParent();
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    Pattern name =
        Pattern.compile(
            Pattern.quote(target.getFileName() + ".")
                + "[0-9a-f]{"
                + HASH_DIGITS
                + "}"
                + Pattern.quote(SUFFIX));
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(f -> name.matcher(f.getFileName().toString()).matches()).toList();
    }
  }

  /** Deletes a partial file whose content is wrong, if it can. */
  static void deleteQuietly(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      // what is left is a partial file that the next download replaces
    }
  }
}
