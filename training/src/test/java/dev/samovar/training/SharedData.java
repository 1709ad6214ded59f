package dev.samovar.training;

import static org.assertj.core.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;

/** Test data from the shared folder that the build passes as {@code samovar.shared.dir}. */
final class SharedData {
  private SharedData() {}

  /** A file under the shared data folder; fails the test with what is missing. */
  static Path file(String relative) {
    String dir = System.getProperty("samovar.shared.dir");
    if (dir == null) {
      fail("system property samovar.shared.dir is not set; run the tests through Maven");
    }
    Path path = Path.of(dir, "data").resolve(relative);
    if (!Files.isRegularFile(path)) {
      fail("test data missing: " + path);
    }
    return path;
  }
}
