package dev.samovar.server.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.samovar.cli.Samovar;
import dev.samovar.models.testdata.TestData;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

class ServeCommandTest {
  @TempDir Path dir;

  private record Run(int exitCode, String out, String err) {}

  private Run run(String... args) {
    return run(Map.of(), args);
  }

  private Run run(Map<String, String> extraEnv, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    Map<String, String> env = new HashMap<>(extraEnv);
    env.put("XDG_CACHE_HOME", dir.toString());
    int exitCode =
        Samovar.commandLine(env, args)
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
            "samovar: missing command: serve, models, health (see --help)"
                + System.lineSeparator());
  }

  @Test
  void offlineWithoutTheDefaultModelSaysHowToGetIt() {
    Run run = run("serve", "--offline");

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.out()).isEmpty();
    assertThat(run.err())
        .isEqualTo(
            "samovar serve: ru-llama3-8b:Q4_K_M is not downloaded ("
                + dir.resolve(
                    "samovar/models/ruslandev/llama-3-8b-gpt-4o-ru1.0-gguf/ggml-model-Q4_K_M.gguf")
                + " is missing) and offline mode forbids the network; run 'samovar models pull"
                + " ru-llama3-8b:Q4_K_M' while online, or pass --model PATH.gguf"
                + System.lineSeparator());
  }

  @Test
  void hfHubOfflineIsOfflineMode() {
    Run run = run(Map.of("HF_HUB_OFFLINE", "1"), "serve", "--model", "ru-llama3-8b:Q8_0");

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err())
        .startsWith("samovar serve: ru-llama3-8b:Q8_0 is not downloaded (")
        .contains("offline mode forbids the network");
  }

  @Test
  void refusesAnUnknownModelId() {
    Run run = run("serve", "--model", "ru-llama3-8b:Q3_K");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err())
        .isEqualTo(
            "samovar serve: --model: unknown model id 'ru-llama3-8b:Q3_K'; the catalog has"
                + " ru-llama3-8b:Q2_K, ru-llama3-8b:Q4_K_M, ru-llama3-8b:Q8_0, ru-llama3-8b:F16,"
                + " tiny (see samovar models list) (see --help)"
                + System.lineSeparator());
  }

  @Test
  void refusesAFileThatIsNotAGgufModelBeforeLoadingIt() throws Exception {
    Path text = Files.writeString(dir.resolve("notes.gguf"), "not a model");

    Run run = run("serve", "--model", text.toString());

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err())
        .isEqualTo(
            "samovar serve: "
                + text
                + " is not a valid GGUF file (not a GGUF file: bad magic 0x20746F6E (expected"
                + " 'GGUF')); if it was downloaded, it is truncated or corrupt: delete it and"
                + " download it again"
                + System.lineSeparator());
  }

  @Test
  void refusesAVocabularyOnlyFileBeforeLoadingIt() {
    Path vocab = TestData.llama3Vocab();

    Run run = run("serve", "--model", vocab.toString());

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err())
        .isEqualTo(
            "samovar serve: "
                + vocab
                + " cannot be served: it has no tensors: it is a vocabulary-only GGUF file"
                + System.lineSeparator());
  }

  @Test
  void refusesAContextThatCannotFitInMemory() {
    Run run = run("serve", "--model", "tiny", "--ctx-size", "2000000", "--parallel", "1000");

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err().lines()).hasSize(1);
    assertThat(run.err())
        .matches(
            "samovar serve: the model needs about 16\\.8 TiB for 2000000 tokens x 1000 sequences"
                + " \\(weights 4\\.18 MiB \\+ KV cache 1\\.86 TiB \\+ compute 14\\.9 TiB \\+"
                + " output 2\\.30 MiB\\), but only [0-9.]+ [KMGT]iB of memory is available \\(.+\\);"
                + " lower --ctx-size or --parallel, or choose a smaller model \\(samovar models"
                + " list\\)\\R");
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

    Run run = run("serve", "--model", model.toString(), flag);

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

    Run run = run(env, args.toArray(String[]::new));

    assertThat(run.err()).doesNotContain("reachable from other machines");
    assertThat(run.err()).contains("not a GGUF file");
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
                + "; pass a catalog id (samovar models list), hf://owner/repo/file.gguf or"
                + " PATH.gguf (see --help)"
                + System.lineSeparator());
  }

  @Test
  void failsInOneLineWhenThePortIsTaken() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      Run run = run("serve", "--model", "tiny", "--port", String.valueOf(taken.getLocalPort()));

      assertThat(run.exitCode()).isEqualTo(1);
      List<String> lines = new ArrayList<>(run.err().lines().toList());
      assertThat(lines).hasSize(1);
      assertThat(lines.getFirst())
          .startsWith("samovar serve: ")
          .contains(String.valueOf(taken.getLocalPort()));
    }
  }

  @Test
  void takesSettingsFromTheEnvironment() throws Exception {
    Path model = Files.writeString(dir.resolve("m.gguf"), "not loaded");

    Run run = run(Map.of("SAMOVAR_PARALLEL", "0"), "serve", "--model", model.toString());

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err())
        .isEqualTo(
            "samovar serve: --parallel must be >= 1: 0 (see --help)" + System.lineSeparator());
  }

  @Test
  void takesSettingsFromTheConfigFile() throws Exception {
    Path model = Files.writeString(dir.resolve("m.gguf"), "not loaded");
    Path config = Files.writeString(dir.resolve("samovar.yaml"), "port: 8081\nrate-limit: -4\n");

    Run run = run("serve", "--model", model.toString(), "--config", config.toString());

    assertThat(run.err())
        .isEqualTo(
            "samovar serve: --rate-limit must be >= 0: -4 (see --help)" + System.lineSeparator());
  }

  @Test
  void flagsWinOverTheEnvironmentWhichWinsOverTheFile() throws Exception {
    Path model = Files.writeString(dir.resolve("m.gguf"), "not loaded");
    Path config = Files.writeString(dir.resolve("samovar.yaml"), "parallel: 0\nthreads: -1\n");

    Run fromEnv =
        run(
            Map.of("SAMOVAR_PARALLEL", "2", "SAMOVAR_THREADS", "-3"),
            "serve",
            "--model",
            model.toString(),
            "--config=" + config);
    Run fromFlag =
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

    Run run = run("serve", "--config", unknown.toString());

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

  @Test
  void readsKeysFromAKeyFile() throws Exception {
    Path model = Files.writeString(dir.resolve("m.gguf"), "not loaded");
    Path empty = Files.writeString(dir.resolve("keys.txt"), "# none yet\n\n");

    Run run = run("serve", "--model", model.toString(), "--api-key-file", empty.toString());

    assertThat(run.err())
        .isEqualTo(
            "samovar serve: --api-key-file has no key: "
                + empty
                + " (see --help)"
                + System.lineSeparator());
  }
}
