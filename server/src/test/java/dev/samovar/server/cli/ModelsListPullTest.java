package dev.samovar.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.samovar.models.catalog.HubFile;
import dev.samovar.models.download.FakeHub;
import dev.samovar.models.download.Sha256;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code samovar models}, {@code models list} and {@code models pull} against a local fake hub: the
 * catalog and what is cached, downloads, and one-line errors.
 */
@Timeout(60)
class ModelsListPullTest extends ModelsCommandFixture {
  @Test
  void withoutASubcommandExplainsInOneLine() {
    assertOneLineFailure(
        run("models"),
        2,
        "samovar models: missing command; try 'samovar models list' (see --help)");
  }

  @Test
  void helpListsTheSubcommands() {
    CliRun run = run("models", "--help");

    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).contains("list", "pull", "inspect", "verify", "rm", "synthetic");
    assertThat(run("--help").out()).contains("models");
  }

  @Test
  void listShowsTheCatalogAndWhatIsCached() throws IOException {
    CliRun fresh = run("models", "list");

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

    CliRun run = run("models", "pull", "ru-llama3-8b:Q4_K_M");

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

    CliRun again = run("models", "pull", "ru-llama3-8b:Q4_K_M");

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

    CliRun run =
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

    CliRun run = run("models", "pull", "ru-llama3-8b:Q4_K_M");

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
}
