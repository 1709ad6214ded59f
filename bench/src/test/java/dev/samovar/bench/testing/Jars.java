package dev.samovar.bench.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

/** The packaged jars the integration tests run, named by system properties from bench/pom.xml. */
public final class Jars {
  private Jars() {}

  /** server/target/samovar-server.jar, built earlier in the reactor. */
  public static Path server() {
    return jar(
        "samovar.server.jar",
        "build the server first: ./mvnw verify from the repository root (bench comes after server)"
            + " or ./mvnw package -pl server -am");
  }

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

  /** The java launcher of this JVM (a JDK 25). */
  public static String java() {
    return ProcessHandle.current().info().command().orElseThrow();
  }
}
