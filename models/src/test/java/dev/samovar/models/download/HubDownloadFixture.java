package dev.samovar.models.download;

import static org.assertj.core.api.Assertions.assertThat;

import dev.samovar.models.ByteSizes;
import dev.samovar.models.catalog.HubFile;
import dev.samovar.models.tiny.TinyModel;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the downloader's tests share: a {@link FakeHub} on a local port for each test, the tiny
 * model as the file it hosts, a target in a temporary model cache and downloaders pointed at the
 * hub that record what they report.
 */
@Timeout(30)
abstract class HubDownloadFixture {
  static final HubFile FILE =
      new HubFile("ruslandev/llama-3-8b-gpt-4o-ru1.0-gguf", "main", "ggml-model-Q4_K_M.gguf");
  static final HubDownloader.Options FAST =
      new HubDownloader.Options(
          3, Duration.ZERO, Duration.ofSeconds(10), Duration.ofSeconds(5), FreeSpace.fileStore());

  static byte[] tiny;
  static String tinySha;

  @TempDir Path dir;
  final FakeHub hub = FakeHub.start();
  final RecordedProgress progress = new RecordedProgress();

  @BeforeAll
  static void writeTheTinyModel(@TempDir Path tmp) throws IOException {
    Path model = tmp.resolve("tiny.gguf");
    TinyModel.write(model);
    tiny = Files.readAllBytes(model);
    tinySha = FakeHub.sha256(tiny);
  }

  @AfterEach
  void stop() {
    hub.close();
  }

  Path target() {
    return dir.resolve("models/ruslandev/llama-3-8b-gpt-4o-ru1.0-gguf/ggml-model-Q4_K_M.gguf");
  }

  /** A downloader from the fake hub that reports to {@link #progress}. */
  HubDownloader downloader(HubDownloader.Options options, Optional<String> token) {
    return new HubDownloader(new HubSettings(URI.create(hub.endpoint()), token), progress, options);
  }

  /** Downloads {@link #FILE} to {@link #target()} with {@link #FAST} options and no token. */
  HubDownloader.Download download() {
    return downloader(FAST, Optional.empty()).download(FILE, Optional.empty(), target());
  }

  String resolveUrl() {
    return hub.endpoint() + "/" + FILE.repo() + "/resolve/main/" + FILE.file();
  }

  static String mb(long bytes) {
    return ByteSizes.decimal(bytes);
  }

  /** Where a transfer's {@code Range} header resumed the file. */
  static long resumedAt(FakeHub.Request transfer) {
    assertThat(transfer.range()).matches("bytes=\\d+-");
    return Long.parseLong(transfer.range().substring(6, transfer.range().length() - 1));
  }
}
