package dev.samovar.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.samovar.cli.Samovar;
import dev.samovar.models.catalog.HubFile;
import dev.samovar.models.download.FakeHub;
import dev.samovar.models.download.Sha256;
import dev.samovar.models.testdata.TestData;
import dev.samovar.models.tiny.TinyModel;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.RandomAccessFile;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code samovar models ...} against a local fake hub: exit codes, output, one-line errors. */
@Timeout(60)
class ModelsCommandTest {
  private static final String REPO = "ruslandev/llama-3-8b-gpt-4o-ru1.0-gguf";
  private static final HubFile Q4 = new HubFile(REPO, "main", "ggml-model-Q4_K_M.gguf");
  private static final String NL = System.lineSeparator();

  static byte[] tiny;
  static String tinySha;

  @TempDir Path dir;
  private final FakeHub hub = FakeHub.start();
  private final Map<String, String> env = new HashMap<>();

  private record Run(int exitCode, String out, String err) {}

  @BeforeAll
  static void writeTiny(@TempDir Path tmp) throws IOException {
    Path model = tmp.resolve("tiny.gguf");
    TinyModel.write(model);
    tiny = Files.readAllBytes(model);
    tinySha = FakeHub.sha256(tiny);
  }

  @AfterEach
  void stop() {
    hub.close();
  }

  private Run run(String... args) {
    env.putIfAbsent("XDG_CACHE_HOME", dir.toString());
    env.putIfAbsent("HF_ENDPOINT", hub.endpoint());
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exitCode =
        Samovar.commandLine(env)
            .setOut(new PrintWriter(out, true))
            .setErr(new PrintWriter(err, true))
            .execute(args);
    return new Run(exitCode, out.toString(), err.toString());
  }

  private Path models() {
    return dir.resolve("samovar/models");
  }

  private Path q4Path() {
    return models().resolve(REPO).resolve("ggml-model-Q4_K_M.gguf");
  }

  private static void assertOneLineFailure(Run run, int exitCode, String line) {
    assertThat(run.exitCode()).isEqualTo(exitCode);
    assertThat(run.err()).isEqualTo(line + NL);
  }

  @Test
  void withoutASubcommandExplainsInOneLine() {
    assertOneLineFailure(
        run("models"),
        2,
        "samovar models: missing command; try 'samovar models list' (see --help)");
  }

  @Test
  void helpListsTheSubcommands() {
    Run run = run("models", "--help");

    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).contains("list", "pull", "inspect", "verify", "rm", "synthetic");
    assertThat(run("--help").out()).contains("models");
  }

  @Test
  void listShowsTheCatalogAndWhatIsCached() throws IOException {
    Run fresh = run("models", "list");

    assertThat(fresh.exitCode()).isZero();
    assertThat(fresh.out())
        .isEqualTo(
            "ID                   SIZE     CACHED  SOURCE"
                + NL
                + "ru-llama3-8b:Q2_K    3.18 GB  no      "
                + REPO
                + "@main/ggml-model-Q2_K.gguf"
                + NL
                + "ru-llama3-8b:Q4_K_M  4.92 GB  no      "
                + REPO
                + "@main/ggml-model-Q4_K_M.gguf  (default)"
                + NL
                + "ru-llama3-8b:Q8_0    8.54 GB  no      "
                + REPO
                + "@main/ggml-model-Q8_0.gguf"
                + NL
                + "ru-llama3-8b:F16     16.1 GB  no      "
                + REPO
                + "@main/ggml-model-f16.gguf"
                + NL
                + "tiny                 -        no      built in, written on first use"
                + NL
                + "models dir: "
                + models()
                + NL);

    hub.host(Q4, tiny);
    assertThat(run("models", "pull", "ru-llama3-8b:Q4_K_M").exitCode()).isZero();
    Path q8Part =
        models().resolve(REPO).resolve("ggml-model-Q8_0.gguf." + "ab".repeat(8) + ".part");
    Files.write(q8Part, new byte[2_500_000]);
    assertThat(run("models", "pull", "tiny").exitCode()).isZero();

    assertThat(run("models", "list").out().lines())
        .containsSubsequence(
            "ru-llama3-8b:Q4_K_M  4.41 MB  yes              "
                + REPO
                + "@main/ggml-model-Q4_K_M.gguf  (default)",
            "ru-llama3-8b:Q8_0    8.54 GB  partial 2.50 MB  " + REPO + "@main/ggml-model-Q8_0.gguf",
            "tiny                 4.41 MB  yes              built in, written on first use");
  }

  @Test
  void pullDownloadsVerifiesAndSaysWhereTheFileIs() throws IOException {
    hub.host(Q4, tiny);

    Run run = run("models", "pull", "ru-llama3-8b:Q4_K_M");

    assertThat(run.exitCode()).isZero();
    assertThat(run.out())
        .isEqualTo(
            "ru-llama3-8b:Q4_K_M: "
                + q4Path()
                + " (4.41 MB, SHA-256 "
                + tinySha
                + ", commit "
                + FakeHub.COMMIT
                + ")"
                + NL);
    List<String> progress = run.err().lines().toList();
    assertThat(progress.getFirst()).isEqualTo("downloading ggml-model-Q4_K_M.gguf (4.41 MB)");
    assertThat(progress.getLast())
        .startsWith("ggml-model-Q4_K_M.gguf: downloaded, SHA-256 verified (100.0% of ");
    assertThat(Files.readAllBytes(q4Path())).isEqualTo(tiny);
    assertThat(Sha256.recorded(q4Path())).contains(tinySha);

    Run again = run("models", "pull", "ru-llama3-8b:Q4_K_M");

    assertThat(again.exitCode()).isZero();
    assertThat(again.out())
        .isEqualTo(
            "ru-llama3-8b:Q4_K_M is already downloaded: "
                + q4Path()
                + " (samovar models verify ru-llama3-8b:Q4_K_M checks it)"
                + NL);
    assertThat(hub.transfers()).hasSize(1);
  }

  @Test
  void pullTakesAHubFileAndTheModelsDir() {
    HubFile other = new HubFile("someone/other-gguf", "main", "other.Q8_0.gguf");
    hub.host(other, tiny);
    Path elsewhere = dir.resolve("elsewhere");

    Run run =
        run(
            "models",
            "pull",
            "hf://someone/other-gguf/other.Q8_0.gguf",
            "--models-dir",
            elsewhere.toString());

    assertThat(run.exitCode()).isZero();
    assertThat(run.out())
        .startsWith(
            "hf://someone/other-gguf/other.Q8_0.gguf: "
                + elsewhere.resolve("someone/other-gguf/other.Q8_0.gguf")
                + " (4.41 MB, SHA-256 ");
  }

  @Test
  void pullFailuresAreOneLine() throws IOException {
    String resolve = hub.endpoint() + "/" + REPO + "/resolve/main/ggml-model-Q4_K_M.gguf";
    assertOneLineFailure(
        run("models", "pull", "ru-llama3-8b:Q4_K_M"),
        1,
        "samovar models pull: HTTP 404 from "
            + resolve
            + ": no file ggml-model-Q4_K_M.gguf at revision main of "
            + REPO
            + " (is the repository, revision or file name wrong?)");

    hub.host(Q4, tiny);
    hub.requireToken("hf_right");
    assertOneLineFailure(
        run("models", "pull", "ru-llama3-8b:Q4_K_M"),
        1,
        "samovar models pull: HTTP 401 from "
            + resolve
            + ": "
            + REPO
            + " is gated or private; accept its terms at "
            + hub.endpoint()
            + "/"
            + REPO
            + " and set HF_TOKEN=hf_... to an access token of that account ("
            + hub.endpoint()
            + "/settings/tokens)");
    env.put("HF_TOKEN", "hf_right");
    assertThat(run("models", "pull", "ru-llama3-8b:Q4_K_M").exitCode()).isZero();

    int closed;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closed = socket.getLocalPort();
    }
    env.put("HF_ENDPOINT", "http://127.0.0.1:" + closed);
    assertOneLineFailure(
        run("models", "pull", "ru-llama3-8b:Q2_K"),
        1,
        "samovar models pull: cannot reach http://127.0.0.1:"
            + closed
            + " (connection refused); check the network or HF_ENDPOINT, or download the file"
            + " another way and pass --model PATH.gguf");
  }

  @Test
  void pullRejectsAWrongHashAndKeepsNothing() {
    hub.host(Q4, tiny, "00".repeat(32));

    Run run = run("models", "pull", "ru-llama3-8b:Q4_K_M");

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err().lines().toList().getLast())
        .isEqualTo(
            "samovar models pull: SHA-256 mismatch for "
                + Q4
                + ": the hub reports "
                + "00".repeat(32)
                + ", the downloaded bytes hash to "
                + tinySha
                + "; the download was deleted, run the command again");
    assertThat(q4Path().getParent()).isEmptyDirectory();
  }

  @Test
  void pullRefusesUsageErrorsAndOfflineMode() throws IOException {
    Path file = Files.write(dir.resolve("local.gguf"), tiny);

    assertOneLineFailure(
        run("models", "pull", file.toString()),
        2,
        "samovar models pull: pull takes a catalog id or hf://owner/repo/file.gguf, not a file: "
            + file
            + " (see --help)");
    assertOneLineFailure(
        run("models", "pull", "ru-llama3-8b:Q5"),
        2,
        "samovar models pull: unknown model id 'ru-llama3-8b:Q5'; the catalog has"
            + " ru-llama3-8b:Q2_K, ru-llama3-8b:Q4_K_M, ru-llama3-8b:Q8_0, ru-llama3-8b:F16, tiny"
            + " (see samovar models list) (see --help)");
    assertOneLineFailure(
        run("models", "pull", "ru-llama3-8b:Q4_K_M", "--offline"),
        1,
        "samovar models pull: pulling ru-llama3-8b:Q4_K_M needs the network, but offline mode is"
            + " on (--offline or HF_HUB_OFFLINE)");
    env.put("HF_ENDPOINT", "ftp://mirror");
    assertOneLineFailure(
        run("models", "pull", "ru-llama3-8b:Q4_K_M"),
        2,
        "samovar models pull: HF_ENDPOINT: the hub endpoint must be an http(s) URL without query,"
            + " such as https://huggingface.co: ftp://mirror (see --help)");
    assertThat(hub.requests()).isEmpty();
  }

  @Test
  void inspectTheTinyModel() {
    Run run = run("models", "inspect", "tiny");

    assertThat(run.exitCode()).isZero();
    assertThat(run.err()).isEmpty();
    List<String> lines = run.out().lines().toList();
    assertThat(lines.subList(0, lines.size() - 2))
        .containsExactly(
            "file:             " + models().resolve("tiny.gguf") + " (4.41 MB)",
            "architecture:     llama",
            "name:             samovar tiny test model",
            "parameters:       1.10 M in 21 tensors",
            "file type:        F32",
            "context length:   8192 tokens (trained)",
            "layers:           2 (embedding 256, feed-forward 256, 4 heads, 2 KV heads)",
            "vocabulary:       604 tokens",
            "special tokens:   bos 599 <|begin_of_text|>, eos 603 <|eot_id|>, eot 603 <|eot_id|>",
            "chat template:    present (llama3)",
            "quantization:     1 tensor type",
            "  F32         21 tensors   4.39 MB  100.0%",
            "memory estimate:  about 77.2 MiB for 8192 tokens x 1 sequence (weights 4.18 MiB + KV"
                + " cache 8.00 MiB + compute 65.0 MiB + output 2.36 KiB)",
            "per layer:        1.50 MiB weights + 4.00 MiB KV cache each; 1.18 MiB of weights"
                + " outside the layers");
    assertThat(lines.get(lines.size() - 2))
        .matches("available memory: [0-9.]+ [KMGT]?i?B \\(.+\\): the estimate fits");
    assertThat(lines.getLast()).isEqualTo("servable:         yes");
  }

  @Test
  void inspectTheLlama3VocabularyWithAnotherContext() {
    Path vocab = TestData.llama3Vocab();

    Run run = run("models", "inspect", vocab.toString(), "--ctx-size", "4096", "--parallel", "2");

    assertThat(run.exitCode()).isZero();
    assertThat(run.out().lines())
        .contains(
            "architecture:     llama",
            "name:             llama-bpe",
            "parameters:       none (a vocabulary-only file)",
            "file type:        F16",
            "context length:   8192 tokens (trained)",
            "layers:           32 (embedding 4096, feed-forward 14336, 32 heads, 8 KV heads)",
            "vocabulary:       128256 tokens",
            "special tokens:   bos 128000 <|begin_of_text|>, eos 128001 <|end_of_text|>",
            "chat template:    none",
            "quantization:     none",
            "memory estimate:  about 1.56 GiB for 4096 tokens x 2 sequences (weights 0 B + KV"
                + " cache 1.00 GiB + compute 568 MiB + output 1002 KiB)",
            "servable:         no: it has no tensors: it is a vocabulary-only GGUF file");
  }

  @Test
  void inspectFailuresAreOneLine() throws IOException {
    Path broken = Files.writeString(dir.resolve("broken.gguf"), "GGUF but not really");

    assertOneLineFailure(
        run("models", "inspect", "ru-llama3-8b:Q8_0"),
        1,
        "samovar models inspect: ru-llama3-8b:Q8_0 is not downloaded ("
            + models().resolve(REPO).resolve("ggml-model-Q8_0.gguf")
            + " is missing); run 'samovar models pull ru-llama3-8b:Q8_0' first");
    Run corrupt = run("models", "inspect", broken.toString());
    assertThat(corrupt.exitCode()).isEqualTo(1);
    assertThat(corrupt.err())
        .startsWith("samovar models inspect: " + broken + " is not a valid GGUF file (")
        .endsWith("delete it and download it again" + NL)
        .hasLineCount(1);
    assertOneLineFailure(
        run("models", "inspect", "tiny", "--parallel", "0"),
        2,
        "samovar models inspect: --parallel must be >= 1: 0 (see --help)");
  }

  @Test
  void verifyChecksStructureAndTheRecordedHash() throws IOException {
    hub.host(Q4, tiny);
    assertThat(run("models", "pull", "ru-llama3-8b:Q4_K_M").exitCode()).isZero();

    Run ok = run("models", "verify", "ru-llama3-8b:Q4_K_M");

    assertThat(ok.exitCode()).isZero();
    assertThat(ok.out())
        .isEqualTo(
            q4Path()
                + ": OK (GGUF v3, 21 tensors, 24 metadata keys; SHA-256 "
                + tinySha
                + " as recorded)"
                + NL);
    assertThat(ok.err()).isEqualTo("hashing " + q4Path() + " (4.41 MB)" + NL);

    try (RandomAccessFile file = new RandomAccessFile(q4Path().toFile(), "rw")) {
      file.seek(tiny.length - 100);
      file.write(0x55);
    }
    Run corrupt = run("models", "verify", "ru-llama3-8b:Q4_K_M");

    assertThat(corrupt.exitCode()).isEqualTo(1);
    assertThat(corrupt.err().lines().toList().getLast())
        .startsWith("samovar models verify: " + q4Path() + ": SHA-256 ")
        .endsWith(
            " differs from the "
                + tinySha
                + " recorded at download: the file is corrupt; remove it (samovar models rm) and"
                + " download it again");
  }

  @Test
  void verifyAFileWithoutARecordedHashChecksItsStructure() throws IOException {
    Path local = Files.write(dir.resolve("local.gguf"), tiny);
    Path cut = Files.write(dir.resolve("cut.gguf"), java.util.Arrays.copyOf(tiny, 30_000));

    Run ok = run("models", "verify", local.toString());
    Run truncated = run("models", "verify", cut.toString());

    assertThat(ok.exitCode()).isZero();
    assertThat(ok.out())
        .isEqualTo(
            local
                + ": structure OK (GGUF v3, 21 tensors, 24 metadata keys); no recorded SHA-256 to"
                + " compare (only downloads record one)"
                + NL);
    assertThat(truncated.exitCode()).isEqualTo(1);
    assertThat(truncated.err())
        .startsWith("samovar models verify: " + cut + " is not a valid GGUF file (")
        .hasLineCount(1);
  }

  @Test
  void rmDeletesTheModelItsHashAndPartials() throws IOException {
    hub.host(Q4, tiny);
    assertThat(run("models", "pull", "ru-llama3-8b:Q4_K_M").exitCode()).isZero();

    Run run = run("models", "rm", "ru-llama3-8b:Q4_K_M");

    assertThat(run.exitCode()).isZero();
    assertThat(run.out().lines())
        .containsExactlyInAnyOrder(
            "removed " + q4Path(),
            "removed " + q4Path().resolveSibling("ggml-model-Q4_K_M.gguf.sha256"));
    assertThat(q4Path()).doesNotExist();
    assertOneLineFailure(
        run("models", "rm", "ru-llama3-8b:Q4_K_M"),
        1,
        "samovar models rm: ru-llama3-8b:Q4_K_M is not in " + models() + ": nothing to remove");
    Path local = Files.write(dir.resolve("mine.gguf"), tiny);
    assertOneLineFailure(
        run("models", "rm", local.toString()),
        2,
        "samovar models rm: rm takes a catalog id or hf://owner/repo/file.gguf; it does not delete"
            + " other files: "
            + local
            + " (see --help)");
    assertThat(local).exists();
  }

  @Test
  void syntheticWritesAModelOfTheNamedShape() throws IOException {
    Path out = dir.resolve("small.gguf");
    Run run = run("models", "synthetic", "--out", out.toString(), "--size", "small", "--seed", "3");

    assertThat(run.exitCode()).isZero();
    assertThat(run.err()).isEmpty();
    assertThat(run.out())
        .isEqualTo(out + ": 450 K parameters (small, F16 weights, seed 3), 923 kB" + NL);
    Run inspect = run("models", "inspect", out.toString());
    assertThat(inspect.out()).contains("samovar synthetic small model", "2 (embedding 128");
  }

  @Test
  void syntheticRefusesUnknownShapesAndTypes() {
    Path out = dir.resolve("x.gguf");
    assertOneLineFailure(
        run("models", "synthetic", "--out", out.toString(), "--size", "7b"),
        2,
        "samovar models synthetic: --size: no synthetic shape '7b'; there are [150m, small] (see"
            + " --help)");
    assertOneLineFailure(
        run("models", "synthetic", "--out", out.toString(), "--type", "Q4_0"),
        2,
        "samovar models synthetic: --type must be F16 or Q8_0, not Q4_0 (see --help)");
    assertThat(out).doesNotExist();
  }
}
