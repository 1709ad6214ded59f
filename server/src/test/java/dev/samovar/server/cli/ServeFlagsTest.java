package dev.samovar.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code samovar serve} on the command line: the help that lists it and its flags, and the flag
 * values it refuses, each in one line.
 */
class ServeFlagsTest extends ServeCommandFixture {
  @Test
  void helpListsEveryFlag() {
    CliRun run = run("serve", "--help");

    assertThat(run.exitCode()).isZero();
    assertThat(run.err()).isEmpty();
    assertThat(run.out().replaceAll("\\s+", " "))
        .contains(
            "--model=ID|hf://owner/repo/file.gguf|PATH",
            "--models-dir=DIR",
            "--offline",
            "--host=HOST",
            "--port=PORT",
            "--ctx-size=TOKENS",
            "--parallel=N",
            "--queue-size=N",
            "--cache-ram=MiB",
            "--request-timeout=SECONDS",
            "--keep-alive=SECONDS",
            "--threads=N",
            "--temperature=T",
            "--top-p=P",
            "--alias=ID",
            "--backend=auto|cpu|cuda",
            "--cuda-lib=DIR",
            "--gpu-layers=auto|all|N",
            "--split-mode=layer|row|none",
            "--tensor-split=SHARES",
            "--main-gpu=N",
            "--flash-attn",
            "--lora=ADAPTER.gguf[:SCALE]",
            "--config=FILE",
            "--api-key=KEY",
            "--api-key-file=FILE",
            "--metrics-require-key",
            "--rate-limit=PER_MINUTE",
            "--cors-origin=ORIGIN",
            "--max-body-size=BYTES",
            "--log-format=human|json",
            "--log-prompts",
            "--shutdown-grace=SECONDS",
            "--help",
            "(default: 127.0.0.1)",
            "(default: 8080)",
            "(default: 4 x --parallel)",
            "(default: 600)",
            "(default: 10)",
            "(default: 0.6)",
            "(default: 0.9)",
            "(default: 1048576)",
            "(default: human)",
            "(default: 30)",
            "SAMOVAR_API_KEYS");
  }

  @Test
  void topLevelHelpListsServe() {
    CliRun run = run("--help");

    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).contains("Usage: samovar [-h] COMMAND", "serve");
  }

  @Test
  void withoutACommandExplainsInOneLine() {
    CliRun run = run();

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err())
        .isEqualTo(
            "samovar: missing command: serve, models, health (see --help)"
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
          --queue-size=-1    | --queue-size must be >= 0: -1
          --cache-ram=-2     | --cache-ram must be -1 (no bound), 0 (off) or a number of MiB: -2
          --request-timeout=0 | --request-timeout must be in [1, 604800] seconds: 0
          --request-timeout=99999999999 | --request-timeout must be in [1, 604800] seconds: 99999999999
          --keep-alive=0     | --keep-alive must be in [1, 604800] seconds: 0
          --threads=-2       | --threads must be >= 0: -2
          --temperature=2.5  | --temperature must be in [0, 2]: 2.5
          --top-p=0          | --top-p must be in (0, 1]: 0.0
          --top-p=1.1        | --top-p must be in (0, 1]: 1.1
          --host=            | --host must not be empty
          --alias=           | --alias must not be empty
          --alias=m          | --alias: model id 'm' is given twice
          --bogus            | Unknown option: '--bogus'
          --backend=rocm     | --backend: unknown backend 'rocm': expected auto, cpu or cuda
          --gpu-layers=most  | --gpu-layers: GPU layers must be auto, all or a count >= 0: 'most'
          --split-mode=tensor | --split-mode: unknown split mode 'tensor': expected layer, row or none
          --tensor-split=1;1 | --tensor-split: '1;1' is not a list of numbers like 1,1
          --main-gpu=-1      | --main-gpu must be >= 0: -1
          --rate-limit=-1    | --rate-limit must be >= 0: -1
          --max-body-size=0  | --max-body-size must be >= 1: 0
          --log-format=xml   | --log-format must be human or json: xml
          --shutdown-grace=-1 | --shutdown-grace must be in [0, 604800] seconds: -1
          --cors-origin=example.com | --cors-origin must be * or scheme://host[:port]: example.com
          --api-key=         | --api-key must not be empty
          --host=0.0.0.0     | --host 0.0.0.0 is reachable from other machines and no API key is set: give keys (--api-key, --api-key-file, SAMOVAR_API_KEYS) or serve openly with --allow-unauthenticated (SAMOVAR_ALLOW_UNAUTHENTICATED=1)
          """)
  void refusesBadFlagValuesInOneLine(String flag, String message) throws Exception {
    Path model = Files.writeString(dir.resolve("m.gguf"), "not loaded");

    CliRun run = run("serve", "--model", model.toString(), flag);

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err())
        .isEqualTo("samovar serve: " + message + " (see --help)" + System.lineSeparator());
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          --api-key=k                  | -
          --allow-unauthenticated      | -
          -                            | SAMOVAR_ALLOW_UNAUTHENTICATED=1
          -                            | SAMOVAR_API_KEYS=k1,k2
          """)
  void servesOnEveryAddressWithAKeyOrWhenToldToServeOpenly(String flag, String variable)
      throws Exception {
    Path model = Files.writeString(dir.resolve("m.gguf"), "not loaded");
    Map<String, String> env =
        variable.equals("-") ? Map.of() : Map.of(variable.split("=")[0], variable.split("=")[1]);
    List<String> args = new ArrayList<>(List.of("serve", "--model", model.toString()));
    args.add("--host=0.0.0.0");
    if (!flag.equals("-")) {
      args.add(flag);
    }

    CliRun run = run(env, args.toArray(String[]::new));

    assertThat(run.err()).doesNotContain("reachable from other machines");
    assertThat(run.err()).contains("not a GGUF file");
  }

  @Test
  void refusesALoraAdapterThatIsNotAFileOrHasABadScale() throws Exception {
    Path model = Files.writeString(dir.resolve("m.gguf"), "not loaded");
    Path adapter = Files.writeString(dir.resolve("a.gguf"), "not loaded");
    Path missing = dir.resolve("missing.gguf");

    CliRun run = run("serve", "--model", model.toString(), "--lora", missing + ":0.5");
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err())
        .isEqualTo(
            "samovar serve: --lora: no readable adapter file at "
                + missing
                + " (see --help)"
                + System.lineSeparator());

    CliRun infinite = run("serve", "--model", model.toString(), "--lora", adapter + ":1e39");
    assertThat(infinite.exitCode()).isEqualTo(2);
    assertThat(infinite.err())
        .isEqualTo(
            "samovar serve: --lora: the scale of "
                + adapter
                + " must be a finite number: Infinity (see --help)"
                + System.lineSeparator());
  }

  @Test
  void readsKeysFromAKeyFile() throws Exception {
    Path model = Files.writeString(dir.resolve("m.gguf"), "not loaded");
    Path empty = Files.writeString(dir.resolve("keys.txt"), "# none yet\n\n");

    CliRun run = run("serve", "--model", model.toString(), "--api-key-file", empty.toString());

    assertThat(run.err())
        .isEqualTo(
            "samovar serve: --api-key-file has no key: "
                + empty
                + " (see --help)"
                + System.lineSeparator());
  }
}
