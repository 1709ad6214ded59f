package dev.samovar.models.download;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Downloads into a disk without room: checked before the transfer, and a disk that fills up
 * mid-file.
 */
class HubDownloaderDiskTest extends HubDownloadFixture {
  @Test
  void checksFreeDiskSpaceBeforeTransferring() {
    hub.host(FILE, tiny);
    HubDownloader.Options fullDisk =
        new HubDownloader.Options(
            3, Duration.ZERO, Duration.ofSeconds(10), Duration.ofSeconds(5), directory -> 1000);

    assertThatThrownBy(
            () -> downloader(fullDisk, Optional.empty()).download(FILE, Optional.empty(), target()))
        .isInstanceOf(DownloadException.class)
        .hasMessage(
            "not enough disk space in "
                + target().getParent()
                + " for ggml-model-Q4_K_M.gguf: it needs "
                + mb(tiny.length)
                + " more, 1.00 kB is free; free some space or pass --models-dir DIR on a larger"
                + " disk");
    assertThat(hub.transfers()).isEmpty();
  }

  @Test
  void aDiskThatFillsUpMidFileFailsInOneLine() throws IOException {
    Path devFull = Path.of("/dev/full");
    assertThat(devFull).as("/dev/full (Linux) simulates a full disk; it is missing").exists();
    hub.host(FILE, tiny);
    Path part = HubDownloader.partialFile(target(), tinySha);
    Files.createDirectories(part.getParent());
    Files.createSymbolicLink(part, devFull);

    assertThatThrownBy(this::download)
        .isInstanceOf(DownloadException.class)
        .hasMessage("cannot write " + part + ": No space left on device (is the disk full?)");
    assertThat(target()).doesNotExist();
    Files.delete(part);
  }
}
