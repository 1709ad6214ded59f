package dev.samovar.bench.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

/** The bench jar the integration tests run, named by a system property from bench/pom.xml. */
public final class Jars {
  private Jars() {}

  /** bench/target/samovar-bench.jar, packaged before the integration tests run. */
  public static Path bench() {
    return jar("samovar.bench.jar", "run the integration tests through ./mvnw verify");
  }

  private static Path jar(String property, String hint) {
    String value = System.getProperty(property);
    assertThat(value)
        .as("system property %s (set by bench/pom.xml for failsafe)", property)
        .isNotNull();
    Path jar = Path.of(value);
    assertThat(jar).as("%s is missing: %s", jar, hint).isRegularFile();
    return jar;
  }
}
