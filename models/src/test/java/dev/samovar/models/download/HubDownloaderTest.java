package dev.samovar.models.download;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.samovar.models.download.RecordedProgress.Advanced;
import dev.samovar.models.download.RecordedProgress.Finished;
import dev.samovar.models.download.RecordedProgress.Started;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Downloads from a local HTTP server that behaves like the hub: the bytes are verified against the
 * hub's SHA-256 and the catalog's pin, the hash is recorded, progress is reported.
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
    List<RecordedProgress.Event> events = progress.events();
    assertThat(events.getFirst()).isEqualTo(new Started("ggml-model-Q4_K_M.gguf", tiny.length, 0));
    assertThat(events.subList(1, events.size() - 1)).allMatch(Advanced.class::isInstance);
    assertThat(progress.advancedTo())
        .isSorted()
        .doesNotHaveDuplicates()
        .last()
        .isEqualTo((long) tiny.length);
    assertThat(events.getLast()).isEqualTo(new Finished(tiny.length));
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
    assertThat(progress.events())
        .containsExactly(
            new Started("ggml-model-Q4_K_M.gguf", tiny.length, tiny.length),
            new Finished(tiny.length));
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
    assertThat(progress.events()).noneMatch(Finished.class::isInstance);
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
    assertThat(progress.events()).isEmpty();
  }

  @Test
  void slowTransferReportsProgressAllAlong() {
    byte[] content = new byte[1 << 20];
    new Random(3).nextBytes(content);
    hub.host(FILE, content);
    hub.throttle(1 << 16, Duration.ofMillis(60));

    downloader(FAST, Optional.empty()).download(FILE, Optional.empty(), target());

    // 16 chunks of 64 kB, 60 ms apart: the bytes on disk are reported as each chunk arrives
    assertThat(progress.events().getFirst())
        .isEqualTo(new Started("ggml-model-Q4_K_M.gguf", content.length, 0));
    List<Advanced> advances = progress.advances();
    assertThat(advances).hasSizeGreaterThanOrEqualTo(8);
    assertThat(progress.advancedTo())
        .isSorted()
        .doesNotHaveDuplicates()
        .last()
        .isEqualTo((long) content.length);
    assertThat(advances.getLast().nanos() - advances.getFirst().nanos())
        .isGreaterThan(Duration.ofMillis(500).toNanos());
    assertThat(progress.events().getLast()).isEqualTo(new Finished(content.length));
  }
}
