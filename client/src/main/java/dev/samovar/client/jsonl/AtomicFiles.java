package dev.samovar.client.jsonl;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** Replaces a file's content all at once: readers see the old file or the new one, never a mix. */
public final class AtomicFiles {
  private AtomicFiles() {}

  /**
   * Writes {@code bytes} to a temporary file beside {@code target} and moves it over {@code target}
   * (atomically where the file system can).
   */
  public static void replace(Path target, byte[] bytes) throws IOException {
    Path temp =
        Files.createTempFile(
            target.toAbsolutePath().getParent(), target.getFileName() + ".", ".tmp");
    try {
      Files.write(temp, bytes);
      try {
        Files.move(
            temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      Files.deleteIfExists(temp);
    }
  }
}
