package dev.samovar.client.jsonl;

import java.io.File;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.CopyOption;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Durable, all-at-once file outputs: readers see the old file or the new one, never a mix, and a
 * power loss never leaves a file under its final name whose content did not reach the disk (the
 * content is forced to the device before the rename that publishes it, and the rename after).
 */
public final class AtomicFiles {
  private static final boolean WINDOWS = File.separatorChar == '\\';

  private AtomicFiles() {}

  /**
   * Writes {@code bytes} to a temporary file beside {@code target} and moves it over {@code target}
   * (atomically where the file system can), both forced to the device.
   */
  public static void replace(Path target, byte[] bytes) throws IOException {
    Path temp =
        Files.createTempFile(
            target.toAbsolutePath().getParent(), target.getFileName() + ".", ".tmp");
    try {
      Files.write(temp, bytes);
      publish(temp, target, StandardCopyOption.REPLACE_EXISTING);
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  /**
   * Moves a complete file, or a folder of them, to its final name: forces its content to the
   * device, moves it (atomically where the file system can), then forces the folder that now holds
   * the name.
   */
  public static void publish(Path complete, Path target, CopyOption... options) throws IOException {
    force(complete);
    CopyOption[] atomic = new CopyOption[options.length + 1];
    System.arraycopy(options, 0, atomic, 0, options.length);
    atomic[options.length] = StandardCopyOption.ATOMIC_MOVE;
    try {
      Files.move(complete, target, atomic);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(complete, target, options);
    }
    forceFolder(target.toAbsolutePath().getParent());
  }

  /** Forces a file's content, or that of every file and folder below a folder, to the device. */
  public static void force(Path path) throws IOException {
    if (Files.isDirectory(path)) {
      try (DirectoryStream<Path> entries = Files.newDirectoryStream(path)) {
        for (Path entry : entries) {
          force(entry);
        }
      }
      forceFolder(path);
    } else {
      try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
        channel.force(true);
      }
    }
  }

  /**
   * Forces a folder's entries (a file created or renamed in it) to the device; Windows cannot open
   * a folder, and there a rename is durable once it returns.
   */
  public static void forceFolder(Path folder) throws IOException {
    if (WINDOWS) {
      return;
    }
    try (FileChannel channel = FileChannel.open(folder, StandardOpenOption.READ)) {
      channel.force(true);
    }
  }
}
