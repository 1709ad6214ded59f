package dev.samovar.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.samovar.server.Main;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ServeCommandTest {
  @TempDir Path dir;

  private record Run(int exitCode, String out, String err) {}

  private Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exitCode =
        Main.commandLine(Map.of("XDG_CACHE_HOME", dir.toString()))
            .setOut(new PrintWriter(out, true))
            .setErr(new PrintWriter(err, true))
            .execute(args);
    return new Run(exitCode, out.toString(), err.toString());
  }

  @Test
  void helpListsEveryFlag() {
    Run run = run("serve", "--help");

    assertThat(run.exitCode()).isZero();
    assertThat(run.err()).isEmpty();
    assertThat(run.out().replaceAll("\\s+", " "))
        .contains(
            "--model=tiny|PATH.gguf",
            "--host=HOST",
            "--port=PORT",
            "--ctx-size=TOKENS",
            "--parallel=N",
            "--threads=N",
            "--temperature=T",
            "--top-p=P",
            "--alias=ID",
            "--lora=ADAPTER.gguf[:SCALE]",
            "--help",
            "(default: 127.0.0.1)",
            "(default: 8080)",
            "(default: 0.6)",
            "(default: 0.9)");
  }

  @Test
  void topLevelHelpListsServe() {
    Run run = run("--help");

    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).contains("Usage: samovar [-h] COMMAND", "serve");
  }

  @Test
  void withoutACommandExplainsInOneLine() {
    Run run = run();

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err())
        .isEqualTo(
            "samovar: missing command; try 'samovar serve' (see --help)" + System.lineSeparator());
  }

  @Test
  void withoutAModelExplainsHowToPassOne() {
    Run run = run("serve");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.out()).isEmpty();
    assertThat(run.err())
        .isEqualTo(
            "samovar serve: no model given: pass --model tiny (a small built-in test model) or"
                + " --model PATH.gguf (see --help)"
                + System.lineSeparator());
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          --port=70000       | --port must be in [0, 65535]: 70000
          --port=-1          | --port must be in [0, 65535]: -1
          --port=abc         | Invalid value for option '--port': 'abc' is not an int
          --ctx-size=-1      | --ctx-size must be >= 0: -1
          --parallel=0       | --parallel must be >= 1: 0
          --threads=-2       | --threads must be >= 0: -2
          --temperature=2.5  | --temperature must be in [0, 2]: 2.5
          --top-p=0          | --top-p must be in (0, 1]: 0.0
          --top-p=1.1        | --top-p must be in (0, 1]: 1.1
          --host=            | --host must not be empty
          --alias=           | --alias must not be empty
          --alias=m          | --alias: model id 'm' is given twice
          --bogus            | Unknown option: '--bogus'
          """)
  void refusesBadFlagValuesInOneLine(String flag, String message) throws Exception {
    Path model = Files.writeString(dir.resolve("m.gguf"), "not loaded");

    Run run = run("serve", "--model", model.toString(), flag);

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err())
        .isEqualTo("samovar serve: " + message + " (see --help)" + System.lineSeparator());
  }

  @Test
  void refusesALoraAdapterThatIsNotAFileOrHasABadScale() throws Exception {
    Path model = Files.writeString(dir.resolve("m.gguf"), "not loaded");
    Path adapter = Files.writeString(dir.resolve("a.gguf"), "not loaded");
    Path missing = dir.resolve("missing.gguf");

    Run run = run("serve", "--model", model.toString(), "--lora", missing + ":0.5");
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err())
        .isEqualTo(
            "samovar serve: --lora: no readable adapter file at "
                + missing
                + " (see --help)"
                + System.lineSeparator());

    Run infinite = run("serve", "--model", model.toString(), "--lora", adapter + ":1e39");
    assertThat(infinite.exitCode()).isEqualTo(2);
    assertThat(infinite.err())
        .isEqualTo(
            "samovar serve: --lora: the scale of "
                + adapter
                + " must be a finite number: Infinity (see --help)"
                + System.lineSeparator());
  }

  @Test
  void refusesAMissingModelFile() {
    Path missing = dir.resolve("missing.gguf");

    Run run = run("serve", "--model", missing.toString());

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err())
        .isEqualTo(
            "samovar serve: --model: no readable model file at "
                + missing
                + "; pass --model tiny or --model PATH.gguf (see --help)"
                + System.lineSeparator());
  }

  @Test
  void failsInOneLineWhenThePortIsTaken() throws Exception {
    Path model = Files.writeString(dir.resolve("m.gguf"), "not loaded");
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      Run run =
          run("serve", "--model", model.toString(), "--port", String.valueOf(taken.getLocalPort()));

      assertThat(run.exitCode()).isEqualTo(1);
      List<String> lines = new ArrayList<>(run.err().lines().toList());
      assertThat(lines).hasSize(1);
      assertThat(lines.getFirst())
          .startsWith("samovar serve: ")
          .contains(String.valueOf(taken.getLocalPort()));
    }
  }
}
