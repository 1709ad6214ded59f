package dev.samovar.server.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.samovar.cli.Samovar;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * {@code samovar serve} settings from {@code SAMOVAR_*} environment variables and the {@code
 * --config} YAML file, and which of them wins.
 */
class ServeSettingsTest extends ServeCommandFixture {
  @Test
  void takesSettingsFromTheEnvironment() throws Exception {
    Path model = Files.writeString(dir.resolve("m.gguf"), "not loaded");

    CliRun run = run(Map.of("SAMOVAR_PARALLEL", "0"), "serve", "--model", model.toString());

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err())
        .isEqualTo(
            "samovar serve: --parallel must be >= 1: 0 (see --help)" + System.lineSeparator());
  }

  @Test
  void takesSettingsFromTheConfigFile() throws Exception {
    Path model = Files.writeString(dir.resolve("m.gguf"), "not loaded");
    Path config = Files.writeString(dir.resolve("samovar.yaml"), "port: 8081\nrate-limit: -4\n");

    CliRun run = run("serve", "--model", model.toString(), "--config", config.toString());

    assertThat(run.err())
        .isEqualTo(
            "samovar serve: --rate-limit must be >= 0: -4 (see --help)" + System.lineSeparator());
  }

  @Test
  void flagsWinOverTheEnvironmentWhichWinsOverTheFile() throws Exception {
    Path model = Files.writeString(dir.resolve("m.gguf"), "not loaded");
    Path config = Files.writeString(dir.resolve("samovar.yaml"), "parallel: 0\nthreads: -1\n");

    CliRun fromEnv =
        run(
            Map.of("SAMOVAR_PARALLEL", "2", "SAMOVAR_THREADS", "-3"),
            "serve",
            "--model",
            model.toString(),
            "--config=" + config);
    CliRun fromFlag =
        run(
            Map.of("SAMOVAR_THREADS", "-3"),
            "serve",
            "--model",
            model.toString(),
            "--config",
            config.toString(),
            "--parallel",
            "1",
            "--threads",
            "-5");

    assertThat(fromEnv.err())
        .isEqualTo(
            "samovar serve: --threads must be >= 0: -3 (see --help)" + System.lineSeparator());
    assertThat(fromFlag.err())
        .isEqualTo(
            "samovar serve: --threads must be >= 0: -5 (see --help)" + System.lineSeparator());
  }

  @Test
  void readsListsFromTheEnvironmentAndTheFile() throws Exception {
    Path config = Files.writeString(dir.resolve("samovar.yaml"), "alias: [a, b]\n");

    CommandLine fromFile = Samovar.commandLine(Map.of(), "serve", "--config", config.toString());
    fromFile.parseArgs("serve", "--config", config.toString());
    CommandLine fromEnv = Samovar.commandLine(Map.of("SAMOVAR_API_KEYS", "k1,k2"), "serve");
    fromEnv.parseArgs("serve");

    assertThat(
            (List<Object>)
                fromFile
                    .getSubcommands()
                    .get("serve")
                    .getCommandSpec()
                    .findOption("--alias")
                    .getValue())
        .containsExactly("a", "b");
    assertThat(
            (List<Object>)
                fromEnv
                    .getSubcommands()
                    .get("serve")
                    .getCommandSpec()
                    .findOption("--api-key")
                    .getValue())
        .containsExactly("k1", "k2");
  }

  @Test
  void refusesAnUnreadableOrUnknownConfigInOneLine() throws Exception {
    Path unknown = Files.writeString(dir.resolve("bad.yaml"), "prot: 8080\n");
    Path missing = dir.resolve("missing.yaml");

    CliRun run = run("serve", "--config", unknown.toString());

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err())
        .isEqualTo(
            "samovar serve: --config: unknown setting 'prot' (see --help)"
                + System.lineSeparator());
    assertThatThrownBy(
            () -> Samovar.commandLine(Map.of("SAMOVAR_CONFIG", missing.toString()), "serve"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("--config " + missing + " cannot be read: ");
  }
}
