package dev.samovar.models.testdata;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * The test data that the project carries in its {@code testdata/} folder (provenance and licences
 * in its README), found through the system property {@code samovar.testdata.dir} that the parent
 * pom sets for surefire and failsafe, and the files built from it into the module's build folder
 * ({@code samovar.build.dir}).
 */
public final class TestData {
  private TestData() {}

  /** {@code testdata/<relative>}; fails the test, naming what is missing. */
  public static Path file(String relative) {
    Path file = Path.of(property("samovar.testdata.dir")).resolve(relative);
    if (!Files.isRegularFile(file)) {
      throw new AssertionError("test data missing: " + file + " (see testdata/README.md)");
    }
    return file;
  }

  /**
   * llama.cpp's vocabulary-only Llama-3 GGUF ({@code ggml-vocab-llama-bpe.gguf}), built from Meta's
   * {@code tokenizer.model} on first use and kept in the build folder.
   */
  public static synchronized Path llama3Vocab() {
    Path built = Path.of(property("samovar.build.dir"), "testdata", "llama3-vocab.gguf");
    if (Files.isRegularFile(built)) {
      return built;
    }
    try {
      Files.createDirectories(built.getParent());
      Path partial = Files.createTempFile(built.getParent(), "llama3-vocab", ".partial");
      try {
        Llama3Vocabulary.fromTiktoken(file(Llama3Vocabulary.TOKENIZER_MODEL)).writeGguf(partial);
        Files.move(partial, built, StandardCopyOption.ATOMIC_MOVE);
      } finally {
        Files.deleteIfExists(partial);
      }
      return built;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot build " + built, e);
    }
  }

  private static String property(String name) {
    String value = System.getProperty(name);
    if (value == null) {
      throw new AssertionError(
          "system property " + name + " is not set; run the tests through Maven (./mvnw verify)");
    }
    return value;
  }
}
