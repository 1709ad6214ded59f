package dev.samovar.models.download;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** How many bytes a directory can still take. */
@FunctionalInterface
public interface FreeSpace {
  /** The bytes this process can still write under {@code directory}. */
  long usableBytes(Path directory) throws IOException;

  /** The usable space of the directory's file store. */
  static FreeSpace fileStore() {
    return directory -> Files.getFileStore(directory).getUsableSpace();
  }
}
