package dev.samovar.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.samovar.cli.Samovar;
import dev.samovar.cli.SettingsSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.Model.OptionSpec;

/** The root Dockerfile against the README that documents it (Docker itself cannot run here). */
class DockerfileTest {
  private static final Path ROOT = Path.of("").toAbsolutePath().getParent();

  private static List<String> instructions() throws Exception {
    String text = Files.readString(ROOT.resolve("Dockerfile")).replace("\\\n", " ");
    return text.lines()
        .map(String::strip)
        .filter(line -> !line.isEmpty() && !line.startsWith("#"))
        .map(line -> line.replaceAll("\\s+", " "))
        .toList();
  }

  private static String readme() throws Exception {
    return Files.readString(ROOT.resolve("server/README.md"));
  }

  private static List<String> startingWith(String keyword) throws Exception {
    return instructions().stream().filter(line -> line.startsWith(keyword + " ")).toList();
  }

  @Test
  void buildsWithTheWrapperCommandTheReadmeNames() throws Exception {
    List<String> runs = startingWith("RUN");
    String build = runs.stream().filter(run -> run.contains("./mvnw")).findFirst().orElseThrow();

    assertThat(readme()).contains("`" + build.substring("RUN ".length()) + "`");
    assertThat(build).contains("-pl server -am", "package");
    assertThat(Files.readString(ROOT.resolve("server/pom.xml")))
        .contains("<finalName>samovar-server</finalName>");
    assertThat(startingWith("COPY"))
        .contains(
            "COPY --from=build /src/server/target/samovar-server.jar /app/samovar-server.jar",
            "COPY --from=build /src/server/target/lib /app/lib");
  }

  @Test
  void runsTheCpuImageLastOnAJre25AsANonRootUser() throws Exception {
    List<String> from = startingWith("FROM");
    List<String> all = instructions();
    int lastFrom = all.lastIndexOf(from.getLast());

    assertThat(from.getFirst()).isEqualTo("FROM eclipse-temurin:25-jdk AS build");
    assertThat(from.getLast()).isEqualTo("FROM eclipse-temurin:25-jre AS cpu");
    List<String> runtime = all.subList(lastFrom, all.size());
    assertThat(runtime).contains("USER samovar", "VOLUME /models", "EXPOSE 8080");
    assertThat(runtime.stream().filter(line -> line.contains(" useradd ")).findFirst())
        .hasValueSatisfying(line -> assertThat(line).contains("--uid 10001"));
    assertThat(runtime)
        .anySatisfy(
            line ->
                assertThat(line)
                    .startsWith("HEALTHCHECK ")
                    .endsWith("CMD [\"java\", \"-jar\", \"/app/samovar-server.jar\", \"health\"]"));
    assertThat(runtime.getLast()).isEqualTo("CMD [\"serve\"]");
  }

  @Test
  void eachRuntimeImageChecksThatItsNativeLibrariesLoad() throws Exception {
    List<String> all = instructions();
    List<String> from = startingWith("FROM");
    for (String stage : List.of("FROM eclipse-temurin:25-jre AS cpu", "cuda")) {
      String start =
          from.stream()
              .filter(line -> line.equals(stage) || line.endsWith(" AS " + stage))
              .findFirst()
              .orElseThrow();
      int begin = all.indexOf(start);
      int next =
          all.subList(begin + 1, all.size()).stream()
              .filter(line -> line.startsWith("FROM "))
              .findFirst()
              .map(all::indexOf)
              .orElse(all.size());
      List<String> lines = all.subList(begin, next);

      assertThat(lines)
          .as(stage)
          .anySatisfy(
              line ->
                  assertThat(line)
                      .startsWith("RUN apt-get update")
                      .contains("libgomp1", "libstdc++6"))
          .contains("COPY scripts/check-native-libs.sh /usr/local/bin/check-native-libs")
          .anySatisfy(
              line ->
                  assertThat(line)
                      .startsWith("RUN --mount=type=bind,from=build,source=/src/native-libs")
                      .contains(
                          "check-native-libs ",
                          "/tmp/native-libs/de/kherud/llama/Linux/$(uname -m)"));
    }
    assertThat(ROOT.resolve("scripts/check-native-libs.sh")).isExecutable();
    assertThat(all)
        .anySatisfy(
            line ->
                assertThat(line)
                    .contains("jar xf /src/server/target/lib/llama-*.jar de/kherud/llama/Linux"));
  }

  @Test
  void theReadmeCommandsAndEnvironmentMatchTheImage() throws Exception {
    String readme = readme();
    Matcher run = Pattern.compile("docker run [^\\n]*").matcher(readme);
    assertThat(run.find()).as("a docker run command in the README").isTrue();
    String command = run.group();
    List<String> all = instructions();
    List<String> cpu = all.subList(all.lastIndexOf(startingWith("FROM").getLast()), all.size());
    String env =
        cpu.stream()
            .filter(line -> line.startsWith("ENV "))
            .findFirst()
            .orElseThrow()
            .substring("ENV ".length());

    assertThat(readme).contains("docker build -t samovar .");
    assertThat(command).contains("-p 8080:8080", ":/models").endsWith(" samovar");
    assertThat(env.split(" "))
        .containsExactly("SAMOVAR_HOST=0.0.0.0", "SAMOVAR_PORT=8080", "SAMOVAR_MODELS_DIR=/models");
    List<String> variables =
        Samovar.commandLine(java.util.Map.of())
            .getSubcommands()
            .get("serve")
            .getCommandSpec()
            .options()
            .stream()
            .map(OptionSpec::longestName)
            .map(SettingsSource::envName)
            .toList();
    Matcher used = Pattern.compile("(SAMOVAR_[A-Z_]+)=").matcher(env + " " + command);
    while (used.find()) {
      assertThat(variables).as("a serve setting").contains(used.group(1));
    }
  }
}
