package dev.samovar.models.download;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Downloads from a local HTTP server that behaves like the hub: the bytes are verified against the
 * hub's SHA-256 and the catalog's pin, the hash is recorded, progress is logged.
 */
class HubDownloaderTest extends HubDownloadFixture {
  @Test
  void downloadsVerifiesAndRecordsTheHash() throws IOException {
    hub.host(FILE, tiny);

    HubDownloader.Download download = download();

    assertThat(download)
        .isEqualTo(
            new HubDownloader.Download(
                target(), tiny.length, tinySha, Optional.of(FakeHub.COMMIT)));
    assertThat(Files.readAllBytes(target())).isEqualTo(tiny);
    assertThat(Files.readString(Sha256.checksumFile(target())))
        .isEqualTo(tinySha + "  ggml-model-Q4_K_M.gguf\n");
    assertThat(Sha256.recorded(target())).contains(tinySha);
    assertThat(HubDownloader.partialFiles(target())).isEmpty();
    assertThat(hub.requests())
        .containsExactly(
            new FakeHub.Request(
                "HEAD",
                "127.0.0.1",
                "/ruslandev/llama-3-8b-gpt-4o-ru1.0-gguf/resolve/main/ggml-model-Q4_K_M.gguf",
                null,
                null),
            new FakeHub.Request("GET", "localhost", "/cdn/" + tinySha, null, null));
    assertThat(log.toString().lines())
        .first()
        .isEqualTo("downloading ggml-model-Q4_K_M.gguf (" + mb(tiny.length) + ")");
    assertThat(log.toString().lines().toList().getLast())
        .startsWith("ggml-model-Q4_K_M.gguf: " + mb(tiny.length) + " done in ")
        .endsWith("/s), SHA-256 verified");
  }

  @Test
  void verifiesACompletePartialFileThatWasNotMovedYet() throws IOException {
    hub.host(FILE, tiny);
    Path part = HubDownloader.partialFile(target(), tinySha);
    Files.createDirectories(part.getParent());
    Files.write(part, tiny);

    download();

    assertThat(Files.readAllBytes(target())).isEqualTo(tiny);
    assertThat(part).doesNotExist();
    assertThat(hub.transfers()).isEmpty();
  }

  @Test
  void rejectsBytesWhoseHashDiffersAndDeletesThem() throws IOException {
    String wrong = "ab".repeat(32);
    hub.host(FILE, tiny, wrong);

    assertThatThrownBy(this::download)
        .isInstanceOf(DownloadException.class)
        .hasMessage(
            "SHA-256 mismatch for "
                + FILE
                + ": the hub reports "
                + wrong
                + ", the downloaded bytes hash to "
                + tinySha
                + "; the download was deleted, run the command again");
    assertThat(target()).doesNotExist();
    assertThat(Sha256.checksumFile(target())).doesNotExist();
    assertThat(HubDownloader.partialFiles(target())).isEmpty();
  }

  @Test
  void refusesAFileWhoseHashIsNotTheCatalogsPin() {
    hub.host(FILE, tiny);
    String pinned = "cd".repeat(32);

    assertThatThrownBy(
            () -> downloader(FAST, Optional.empty()).download(FILE, Optional.of(pinned), target()))
        .isInstanceOf(DownloadException.class)
        .hasMessage(
            "the hub reports SHA-256 "
                + tinySha
                + " for "
                + FILE
                + ", but the catalog pins "
                + pinned
                + "; the file changed on the hub, so it was not downloaded");
    assertThat(hub.transfers()).isEmpty();
  }

  @Test
  void slowTransferPrintsPeriodicProgressLines() {
    byte[] content = new byte[1 << 20];
    new Random(3).nextBytes(content);
    hub.host(FILE, content);
    hub.throttle(1 << 16, Duration.ofMillis(60));
    StringWriter lines = new StringWriter();
    HubDownloader downloader =
        new HubDownloader(
            new HubSettings(URI.create(hub.endpoint()), Optional.empty()),
            new ProgressLines(
                new PrintWriter(lines, true), System::nanoTime, Duration.ofMillis(200)),
            FAST);

    downloader.download(FILE, Optional.empty(), target());

    List<String> output = lines.toString().lines().toList();
    assertThat(output.getFirst()).isEqualTo("downloading ggml-model-Q4_K_M.gguf (1.05 MB)");
    List<String> periodic = output.subList(1, output.size() - 1);
    assertThat(periodic).hasSizeGreaterThanOrEqualTo(2);
    assertThat(periodic)
        .allMatch(
            line ->
                line.matches(
                    "ggml-model-Q4_K_M\\.gguf: [0-9.]+ kB of 1\\.05 MB \\(\\d{1,2}%\\),"
                        + " [0-9.]+ [kM]B/s, ETA \\d+s"),
            "lines like 'ggml-model-Q4_K_M.gguf: 393 kB of 1.05 MB (37%), 1.01 MB/s, ETA 1s'");
    assertThat(output.getLast()).startsWith("ggml-model-Q4_K_M.gguf: 1.05 MB done in ");
  }
}
