package dev.samovar.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** What a download shows, driven by a fake clock. */
class DownloadReportTest {
  private final AtomicLong nanos = new AtomicLong();
  private final StringWriter text = new StringWriter();

  private DownloadReport report(boolean terminal) {
    return new DownloadReport(new PrintWriter(text), terminal, Duration.ofSeconds(5), nanos::get);
  }

  private void at(double seconds) {
    nanos.set((long) (seconds * 1e9));
  }

  @Test
  void aFreshDownloadGetsALineAtTheStartOnePerIntervalAndOneAtTheEnd() {
    DownloadReport report = report(false);

    report.started("ggml-model-Q4_K_M.gguf", 3_000_000_000L, 0);
    at(4);
    report.advanced(100_000_000);
    at(10);
    report.advanced(1_000_000_000);
    at(12);
    report.advanced(1_200_000_000);
    at(30);
    report.finished(3_000_000_000L);

    assertThat(text.toString().lines())
        .containsExactly(
            "downloading ggml-model-Q4_K_M.gguf (3.00 GB)",
            "ggml-model-Q4_K_M.gguf: 33.3% of 3.00 GB, 1.00 GB in 10s, 100 MB/s, ETA 20s",
            "ggml-model-Q4_K_M.gguf: 100.0% of 3.00 GB, 3.00 GB in 30s, 100 MB/s, ETA 0s",
            "ggml-model-Q4_K_M.gguf: downloaded, SHA-256 verified"
                + " (100.0% of 3.00 GB, 3.00 GB in 30s, 100 MB/s, ETA 0s)");
  }

  @Test
  void aResumedDownloadSaysWhereItResumesAndCountsItsSpeedFromThere() {
    DownloadReport report = report(false);

    report.started("f.gguf", 3_000_000_000L, 1_000_000_000L);
    at(10);
    report.advanced(2_000_000_000L);
    at(20);
    report.advanced(3_000_000_000L);
    report.finished(3_000_000_000L);

    assertThat(text.toString().lines())
        .containsExactly(
            "downloading f.gguf (3.00 GB, resuming at 1.00 GB)",
            "f.gguf: 66.7% of 3.00 GB, 1.00 GB in 10s, 100 MB/s, ETA 10s",
            "f.gguf: 100.0% of 3.00 GB, 2.00 GB in 20s, 100 MB/s, ETA 0s",
            "f.gguf: downloaded, SHA-256 verified"
                + " (100.0% of 3.00 GB, 2.00 GB in 20s, 100 MB/s, ETA 0s)");
  }

  @Test
  void onATerminalTheBarIsRedrawnInPlaceAndClearedForTheLastLine() {
    DownloadReport report = report(true);

    report.started("f.gguf", 1_000_000_000L, 0);
    at(2);
    report.advanced(450_000_000);
    at(2.05);
    report.advanced(460_000_000);
    at(4);
    report.finished(1_000_000_000L);

    String clear = "\r\033[K";
    assertThat(text.toString())
        .isEqualTo(
            "downloading f.gguf (1.00 GB)"
                + System.lineSeparator()
                + clear
                + "f.gguf [#########...........] 45.0% of 1.00 GB, 450 MB in 2s, 225 MB/s,"
                + " ETA 2s"
                + clear
                + "f.gguf [####################] 100.0% of 1.00 GB, 1.00 GB in 4s, 250 MB/s,"
                + " ETA 0s"
                + clear
                + "f.gguf: downloaded, SHA-256 verified"
                + " (100.0% of 1.00 GB, 1.00 GB in 4s, 250 MB/s, ETA 0s)"
                + System.lineSeparator());
  }

  @Test
  void eachFileIsCountedOnItsOwn() {
    DownloadReport report = report(false);

    report.started("a.gguf", 1_000_000, 0);
    at(1);
    report.advanced(1_000_000);
    report.finished(1_000_000);
    report.started("b.gguf", 2_000_000, 500_000);
    at(11);
    report.advanced(2_000_000);
    report.finished(2_000_000);

    assertThat(text.toString().lines())
        .containsExactly(
            "downloading a.gguf (1.00 MB)",
            "a.gguf: downloaded, SHA-256 verified (100.0% of 1.00 MB, 1.00 MB in 1s, 1.00 MB/s,"
                + " ETA 0s)",
            "downloading b.gguf (2.00 MB, resuming at 500 kB)",
            "b.gguf: 100.0% of 2.00 MB, 1.50 MB in 10s, 150 kB/s, ETA 0s",
            "b.gguf: downloaded, SHA-256 verified (100.0% of 2.00 MB, 1.50 MB in 10s, 150 kB/s,"
                + " ETA 0s)");
  }
}
