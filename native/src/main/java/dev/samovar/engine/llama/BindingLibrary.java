package dev.samovar.engine.llama;

import dev.samovar.engine.EngineException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * de.kherud:llama's JNI library ({@code libjllama.so}: llama.cpp b4916 with its whole C API, and
 * the JSON-schema converter samovar uses with either API), loaded once per process by the binding's
 * own loader.
 */
final class BindingLibrary {
  private static final Logger LOG = LoggerFactory.getLogger(BindingLibrary.class);
  private static final String BINDING_CLASS = "de.kherud.llama.LlamaModel";
  private static final String LIBRARY_PATH_PROPERTY = "de.kherud.llama.lib.path";
  private static final String EXTRACTION_FOLDER_PROPERTY = "de.kherud.llama.tmpdir";

  private static boolean loaded;
  private static Path loadedFrom;

  private BindingLibrary() {}

  /** Loads the bundled library unless one is loaded already (for the JSON-schema converter). */
  static synchronized void ensureLoaded() {
    if (!loaded) {
      load(null);
    }
  }

  /**
   * Loads {@code libjllama.so} from {@code folder} (the binding's {@code
   * de.kherud.llama.lib.path}), or the bundled one when {@code folder} is null.
   *
   * @throws EngineException when it does not load, or another one is loaded already
   */
  static synchronized void load(Path folder) {
    if (loaded) {
      if (!Objects.equals(loadedFrom, folder)) {
        throw new EngineException(
            "de.kherud:llama's library is already loaded from "
                + (loadedFrom == null ? "its jar" : loadedFrom)
                + ", not "
                + (folder == null ? "its jar" : folder));
      }
      return;
    }
    if (folder == null) {
      System.clearProperty(LIBRARY_PATH_PROPERTY);
    } else {
      System.setProperty(LIBRARY_PATH_PROPERTY, folder.toAbsolutePath().toString());
    }
    Path extractedTo = ownExtractionFolder();
    try {
      Class.forName(BINDING_CLASS, true, BindingLibrary.class.getClassLoader());
    } catch (ClassNotFoundException | LinkageError e) {
      throw new EngineException(
          "cannot load llama.cpp: the native library of de.kherud:llama failed to load: " + e, e);
    } finally {
      if (extractedTo != null) {
        removeQuietly(extractedTo);
      }
    }
    loaded = true;
    loadedFrom = folder;
  }

  /**
   * The binding extracts its bundled library to {@code libjllama.so} in one shared folder (the temp
   * folder unless {@code de.kherud.llama.tmpdir} says otherwise), first deleting what is there, and
   * deletes it at exit: two processes starting together would load each other's half-written file
   * or lose it. Each process therefore extracts into a folder of its own, removed once the library
   * is loaded (a loaded library stays mapped without its file).
   *
   * @return the folder made, or null when {@code de.kherud.llama.tmpdir} was set
   */
  private static Path ownExtractionFolder() {
    if (System.getProperty(EXTRACTION_FOLDER_PROPERTY) != null) {
      return null;
    }
    try {
      Path folder = Files.createTempDirectory("samovar-llama-");
      System.setProperty(EXTRACTION_FOLDER_PROPERTY, folder.toString());
      return folder;
    } catch (IOException e) {
      throw new EngineException(
          "cannot create a folder to extract the native library into: " + e.getMessage(), e);
    }
  }

  private static void removeQuietly(Path folder) {
    try (Stream<Path> files = Files.list(folder)) {
      for (Path file : files.toList()) {
        Files.deleteIfExists(file);
      }
      Files.deleteIfExists(folder);
    } catch (IOException e) {
      LOG.debug("cannot remove {}: {}", folder, e.getMessage());
    }
  }
}
