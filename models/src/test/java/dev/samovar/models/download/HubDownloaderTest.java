package dev.samovar.models.download;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.samovar.models.ByteSizes;
import dev.samovar.models.catalog.HubFile;
import dev.samovar.models.tiny.TinyModel;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Downloads from a real local HTTP server that behaves like the hub, with injected faults. */
@Timeout(30)
class HubDownloaderTest {
  static final HubFile FILE =
      new HubFile("ruslandev/llama-3-8b-gpt-4o-ru1.0-gguf", "main", "ggml-model-Q4_K_M.gguf");
  static final HubDownloader.Options FAST =
      new HubDownloader.Options(
          3, Duration.ZERO, Duration.ofSeconds(10), Duration.ofSeconds(5), FreeSpace.fileStore());

  static byte[] tiny;
  static String tinySha;

  @TempDir Path dir;
  private final FakeHub hub = FakeHub.start();
  private final StringWriter log = new StringWriter();

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

  private Path target() {
    return dir.resolve("models/ruslandev/llama-3-8b-gpt-4o-ru1.0-gguf/ggml-model-Q4_K_M.gguf");
  }

  private HubDownloader downloader(HubDownloader.Options options, Optional<String> token) {
    return new HubDownloader(
        new HubSettings(URI.create(hub.endpoint()), token),
        new ProgressLines(new PrintWriter(log, true), System::nanoTime, Duration.ofHours(1)),
        options);
  }

  private HubDownloader.Download download() {
    return downloader(FAST, Optional.empty()).download(FILE, Optional.empty(), target());
  }

  private String resolveUrl() {
    return hub.endpoint() + "/" + FILE.repo() + "/resolve/main/" + FILE.file();
  }

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
  void gatedRepositoryWithoutATokenSaysHowToSetOne() {
    hub.host(FILE, tiny);
    hub.requireToken("hf_secret");

    assertThatThrownBy(this::download)
        .isInstanceOf(DownloadException.class)
        .hasMessage(
            "HTTP 401 from "
                + resolveUrl()
                + ": ruslandev/llama-3-8b-gpt-4o-ru1.0-gguf is gated or private; accept its terms"
                + " at "
                + hub.endpoint()
                + "/ruslandev/llama-3-8b-gpt-4o-ru1.0-gguf and set HF_TOKEN=hf_... to an access"
                + " token of that account ("
                + hub.endpoint()
                + "/settings/tokens)");
  }

  @Test
  void aTokenWithoutAccessIsNamed() {
    hub.host(FILE, tiny);
    hub.requireToken("hf_secret");

    assertThatThrownBy(
            () ->
                downloader(FAST, Optional.of("hf_other"))
                    .download(FILE, Optional.empty(), target()))
        .isInstanceOf(DownloadException.class)
        .hasMessageStartingWith(
            "HTTP 403 from "
                + resolveUrl()
                + ": the token in HF_TOKEN has no access to ruslandev/llama-3-8b-gpt-4o-ru1.0-gguf;"
                + " accept its terms at ");
  }

  @Test
  void sendsTheTokenToTheHubButNotToTheCdn() throws IOException {
    hub.host(FILE, tiny);
    hub.requireToken("hf_secret");

    downloader(FAST, Optional.of("hf_secret")).download(FILE, Optional.empty(), target());

    assertThat(Files.readAllBytes(target())).isEqualTo(tiny);
    assertThat(hub.requests())
        .extracting(FakeHub.Request::host, FakeHub.Request::authorization)
        .containsExactly(tuple("127.0.0.1", "Bearer hf_secret"), tuple("localhost", null));
  }

  @Test
  void missingFileIs404() {
    assertThatThrownBy(this::download)
        .isInstanceOf(DownloadException.class)
        .hasMessage(
            "HTTP 404 from "
                + resolveUrl()
                + ": no file ggml-model-Q4_K_M.gguf at revision main of"
                + " ruslandev/llama-3-8b-gpt-4o-ru1.0-gguf (is the repository, revision or file"
                + " name wrong?)");
  }

  @Test
  void unreachableHubSaysHowToUseALocalFile() throws IOException {
    int closed;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closed = socket.getLocalPort();
    }
    HubDownloader refused =
        new HubDownloader(
            new HubSettings(URI.create("http://127.0.0.1:" + closed), Optional.empty()),
            DownloadProgress.silent(),
            FAST);
    HubDownloader unknown =
        new HubDownloader(
            new HubSettings(URI.create("https://no-such-host.invalid"), Optional.empty()),
            DownloadProgress.silent(),
            FAST);

    assertThatThrownBy(() -> refused.download(FILE, Optional.empty(), target()))
        .isInstanceOf(DownloadException.class)
        .hasMessage(
            "cannot reach http://127.0.0.1:"
                + closed
                + " (connection refused); check the network or HF_ENDPOINT, or download the file"
                + " another way and pass --model PATH.gguf");
    assertThatThrownBy(() -> unknown.download(FILE, Optional.empty(), target()))
        .isInstanceOf(DownloadException.class)
        .hasMessage(
            "cannot reach https://no-such-host.invalid (unknown host); check the network or"
                + " HF_ENDPOINT, or download the file another way and pass --model PATH.gguf");
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

  private static String mb(long bytes) {
    return ByteSizes.decimal(bytes);
  }

  private static long resumedAt(FakeHub.Request transfer) {
    assertThat(transfer.range()).matches("bytes=\\d+-");
    return Long.parseLong(transfer.range().substring(6, transfer.range().length() - 1));
  }
}
