package dev.samovar.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SamovarTest {
  @TempDir Path dir;

  private record Run(int exitCode, String out, String err) {}

  private static Run run(Map<String, String> env, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exitCode =
        Samovar.execute(env, new PrintWriter(out, true), new PrintWriter(err, true), args);
    return new Run(exitCode, out.toString(), err.toString());
  }

  @Test
  void flagsWinOverTheEnvironmentWhichWinsOverTheFile() throws Exception {
    Path config =
        Files.writeString(dir.resolve("s.yaml"), "count: 5\nname: [a, b]\nverbose: true\n");
    String file = config.toString();

    assertThat(run(Map.of(), "toy", "--config", file).out()).isEqualTo("5 [a, b] true\n");
    assertThat(
            run(Map.of("SAMOVAR_COUNT", "7", "SAMOVAR_VERBOSE", "off"), "toy", "--config", file)
                .out())
        .isEqualTo("7 [a, b] false\n");
    assertThat(run(Map.of("SAMOVAR_COUNT", "7"), "toy", "--count", "9").out())
        .isEqualTo("9 [] false\n");
    assertThat(run(Map.of("SAMOVAR_NAME", "x,y", "SAMOVAR_CONFIG", file), "toy").out())
        .isEqualTo("5 [x, y] true\n");
  }

  @Test
  void aSettingOutOfRangeIsWrongUsageNamingItsFlag() {
    Run run = run(Map.of(), "toy", "--count", "0");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).isEqualTo("samovar toy: --count must be >= 1: 0 (see --help)\n");
    assertThat(run(Map.of("SAMOVAR_COUNT", "0"), "toy").err())
        .isEqualTo("samovar toy: --count must be >= 1: 0 (see --help)\n");
  }

  @Test
  void anUnknownKeyInTheFileIsWrongUsage() throws Exception {
    Path config = Files.writeString(dir.resolve("s.yaml"), "cuont: 5\n");

    Run run = run(Map.of(), "toy", "--config", config.toString());

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err())
        .isEqualTo("samovar toy: --config: unknown setting 'cuont' (see --help)\n");
  }

  @Test
  void aFailureIsOneLineAndExitCodeOne() {
    Path missing = dir.resolve("missing.txt");

    Run run = run(Map.of(), "toy", "--read", missing.toString());

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).isEqualTo("samovar toy: no such file: " + missing + "\n");
  }

  @Test
  void everyCommandHasHelpAndTheRunnableOnesTakeAConfigFile() {
    Run toy = run(Map.of(), "toy", "--help");
    Run root = run(Map.of(), "-h");

    assertThat(toy.exitCode()).isZero();
    assertThat(toy.out()).contains("Usage: samovar toy", "--config=FILE", "-h, --help");
    assertThat(root.out())
        .contains("Usage: samovar [-h] COMMAND", "toy")
        .doesNotContain("--config");
  }

  @Test
  void withoutACommandItNamesTheCommands() {
    Run run = run(Map.of());

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).isEqualTo("samovar: missing command: toy (see --help)\n");
  }
}
