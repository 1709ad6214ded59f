package dev.samovar.bench.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

/** The read-only test data in ../shared/data/mt-bench (found through samovar.shared.dir). */
public final class SharedData {
  private SharedData() {}

  /** {@code shared/data/mt-bench/<relative>}; fails the test when it is missing. */
  public static Path mtBench(String relative) {
    String shared = System.getProperty("samovar.shared.dir");
    assertThat(shared)
        .as("system property samovar.shared.dir (set by the parent pom) points at ../shared")
        .isNotNull();
    Path file = Path.of(shared, "data", "mt-bench", relative);
    assertThat(file)
        .as("MT-Bench test data %s (see shared/data/mt-bench/README.md)", file)
        .exists();
    return file;
  }
}
