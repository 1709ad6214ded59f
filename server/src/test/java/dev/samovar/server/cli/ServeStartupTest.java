package dev.samovar.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.samovar.models.testdata.TestData;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code samovar serve} refusing to start, in one line: a model that is unknown, missing, not
 * downloaded offline, not a servable GGUF file or too big for memory, and a port that is taken.
 */
class ServeStartupTest extends ServeCommandFixture {
  @Test
  void offlineWithoutTheDefaultModelSaysHowToGetIt() {
    CliRun run = run("serve", "--offline");

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
    CliRun run = run(Map.of("HF_HUB_OFFLINE", "1"), "serve", "--model", "ru-llama3-8b:Q8_0");

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err())
        .startsWith("samovar serve: ru-llama3-8b:Q8_0 is not downloaded (")
        .contains("offline mode forbids the network");
  }

  @Test
  void refusesAnUnknownModelId() {
    CliRun run = run("serve", "--model", "ru-llama3-8b:Q3_K");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err())
        .isEqualTo(
            "samovar serve: --model: unknown model id 'ru-llama3-8b:Q3_K'; the catalog has"
                + " ru-llama3-8b:Q2_K, ru-llama3-8b:Q4_K_M, ru-llama3-8b:Q8_0, ru-llama3-8b:F16,"
                + " tiny (see samovar models list) (see --help)"
                + System.lineSeparator());
  }

  @Test
  void refusesAMissingModelFile() {
    Path missing = dir.resolve("missing.gguf");

    CliRun run = run("serve", "--model", missing.toString());

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
  void refusesAFileThatIsNotAGgufModelBeforeLoadingIt() throws Exception {
    Path text = Files.writeString(dir.resolve("notes.gguf"), "not a model");

    CliRun run = run("serve", "--model", text.toString());

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

    CliRun run = run("serve", "--model", vocab.toString());

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
    CliRun run = run("serve", "--model", "tiny", "--ctx-size", "2000000", "--parallel", "1000");

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

  @Test
  void failsInOneLineWhenThePortIsTaken() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      CliRun run = run("serve", "--model", "tiny", "--port", String.valueOf(taken.getLocalPort()));

      assertThat(run.exitCode()).isEqualTo(1);
      List<String> lines = new ArrayList<>(run.err().lines().toList());
      assertThat(lines).hasSize(1);
      assertThat(lines.getFirst())
          .startsWith("samovar serve: ")
          .contains(String.valueOf(taken.getLocalPort()));
    }
  }
}
