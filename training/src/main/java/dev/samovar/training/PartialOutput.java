package dev.samovar.training;

import dev.samovar.client.jsonl.AtomicFiles;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * An output written under a temporary sibling name ({@code NAME.part}) and moved into place only
 * when complete, so that a failed command leaves nothing behind and a killed one leaves only the
 * {@code .part} that the next run resumes from.
 */
public final class PartialOutput {
  private final Path target;
  private final Path part;

  private PartialOutput(Path target) {
    this.target = target.toAbsolutePath().normalize();
    this.part = this.target.resolveSibling(this.target.getFileName() + ".part");
  }

  /**
   * The partial output for {@code target}, which must not exist yet (an empty directory is allowed
   * for a directory output).
   */
  public static PartialOutput of(Path target) throws IOException {
    PartialOutput output = new PartialOutput(target);
    Path t = output.target;
    if (Files.isDirectory(t)) {
      try (DirectoryStream<Path> entries = Files.newDirectoryStream(t)) {
        if (entries.iterator().hasNext()) {
          throw new TrainingException("output directory " + t + " exists and is not empty");
        }
      }
    } else if (Files.exists(t)) {
      throw new TrainingException("output " + t + " exists; remove it or choose another name");
    }
    Path parent = t.getParent();
    if (parent != null && !Files.isDirectory(parent)) {
      throw new TrainingException("the folder of the output, " + parent + ", does not exist");
    }
    return output;
  }

  /** Where the output is written until it is complete. */
  public Path part() {
    return part;
  }

  /** The final location. */
  public Path target() {
    return target;
  }

  /**
   * Moves the complete output into place, its content forced to the device first, so that a power
   * loss never leaves an incomplete output under the final name.
   */
  public void commit() throws IOException {
    if (Files.isDirectory(target)) {
      Files.delete(target);
    }
    AtomicFiles.publish(part, target);
  }

  /** Deletes whatever was written (after a failure); failures to delete are added to {@code e}. */
  public void discard(Exception e) {
    try {
      deleteRecursively(part);
    } catch (IOException cleanup) {
      e.addSuppressed(cleanup);
    }
  }

  private static void deleteRecursively(Path path) throws IOException {
    if (Files.isDirectory(path)) {
      try (DirectoryStream<Path> entries = Files.newDirectoryStream(path)) {
        for (Path entry : entries) {
          deleteRecursively(entry);
        }
      }
    }
    Files.deleteIfExists(path);
  }
}
