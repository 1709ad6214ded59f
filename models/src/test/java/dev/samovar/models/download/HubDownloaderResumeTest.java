package dev.samovar.models.download;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Downloads whose connections drop, stall or ignore {@code Range}: resumed from the partial file,
 * within a run and in the next one.
 */
class HubDownloaderResumeTest extends HubDownloadFixture {
  @Test
  void resumesWithARangeRequestWhenTheConnectionDropsMidFile() throws IOException {
    hub.host(FILE, tiny);
    hub.dropAfter(1_000_000, 1);

    download();

    assertThat(Files.readAllBytes(target())).isEqualTo(tiny);
    assertThat(Sha256.of(target())).isEqualTo(tinySha);
    List<FakeHub.Request> transfers = hub.transfers();
    assertThat(transfers).hasSize(2);
    assertThat(transfers.getFirst().range()).isNull();
    // an aborted connection may lose the bytes in flight: the resume starts at or before the drop
    assertThat(resumedAt(transfers.get(1))).isBetween(1L, 1_000_000L);
  }

  @Test
  void givesUpAfterAttemptsWithoutProgressAndResumesInTheNextRun() throws IOException {
    hub.host(FILE, tiny);
    hub.dropAfter(1_500_000, 100);

    assertThatThrownBy(this::download)
        .isInstanceOf(DownloadException.class)
        .message()
        .matches(
            "the download of "
                + Pattern.quote(FILE.toString())
                + " broke off at 1\\.[0-9]{2} MB of "
                + Pattern.quote(mb(tiny.length))
                + " \\((the connection broke after \\d+ of "
                + tiny.length
                + " bytes|no response from localhost): [^\\n]+\\) 3 times in a row; run the"
                + " command again to resume from"
                + " there");
    Path part = HubDownloader.partialFile(target(), tinySha);
    long kept = Files.size(part);
    assertThat(kept).isBetween(1L, 1_500_000L);
    // the transfer that reached `kept` broke, then two more broke without a new byte
    List<FakeHub.Request> failed = hub.transfers();
    assertThat(failed).hasSizeGreaterThanOrEqualTo(3);
    assertThat(failed.subList(failed.size() - 2, failed.size()))
        .extracting(FakeHub.Request::range)
        .containsOnly("bytes=" + kept + "-");
    assertThat(target()).doesNotExist();
    hub.dropAfter(0, 0);

    download();

    assertThat(Files.readAllBytes(target())).isEqualTo(tiny);
    assertThat(part).doesNotExist();
    assertThat(hub.transfers()).hasSize(failed.size() + 1);
    assertThat(hub.transfers().getLast().range()).isEqualTo("bytes=" + kept + "-");
    assertThat(progress.events())
        .filteredOn(RecordedProgress.Started.class::isInstance)
        .containsExactly(
            new RecordedProgress.Started(FILE.fileName(), tiny.length, 0),
            new RecordedProgress.Started(FILE.fileName(), tiny.length, kept));
    assertThat(progress.events().getLast()).isEqualTo(new RecordedProgress.Finished(tiny.length));
  }

  @Test
  void dropsAStalledConnectionAndResumes() throws IOException {
    hub.host(FILE, tiny);
    hub.stallAfter(1_000_000, Duration.ofSeconds(2), 1);
    HubDownloader.Options stallFast =
        new HubDownloader.Options(
            3, Duration.ZERO, Duration.ofMillis(300), Duration.ofSeconds(5), FreeSpace.fileStore());

    long start = System.nanoTime();
    downloader(stallFast, Optional.empty()).download(FILE, Optional.empty(), target());

    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
    assertThat(Files.readAllBytes(target())).isEqualTo(tiny);
    List<FakeHub.Request> transfers = hub.transfers();
    assertThat(transfers).hasSize(2);
    assertThat(resumedAt(transfers.get(1))).isBetween(1L, 1_000_000L);
  }

  @Test
  void restartsFromZeroWhenTheServerIgnoresRange() throws IOException {
    hub.host(FILE, tiny);
    Path part = HubDownloader.partialFile(target(), tinySha);
    Files.createDirectories(part.getParent());
    byte[] garbage = new byte[700_000];
    new Random(1).nextBytes(garbage);
    Files.write(part, garbage);
    hub.ignoreRange();

    download();

    assertThat(Files.readAllBytes(target())).isEqualTo(tiny);
    assertThat(hub.transfers()).extracting(FakeHub.Request::range).containsExactly("bytes=700000-");
  }
}
