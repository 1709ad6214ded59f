package dev.samovar.models.download;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Both progress displays, driven by a fake clock. */
class ProgressTest {
  private final AtomicLong nanos = new AtomicLong();
  private final StringWriter text = new StringWriter();
  private final PrintWriter out = new PrintWriter(text);

  private void at(double seconds) {
    nanos.set((long) (seconds * 1e9));
  }

  @Test
  void linesComeAtMostOncePerIntervalWithBytesSpeedAndEta() {
    ProgressLines lines = new ProgressLines(out, nanos::get, Duration.ofSeconds(5));

    lines.started("ggml-model-Q4_K_M.gguf", 4_920_000_000L, 0);
    at(4);
    lines.advanced(100_000_000);
    at(10);
    lines.advanced(351_000_000);
    at(12);
    lines.advanced(420_000_000);
    at(140);
    lines.finished(4_920_000_000L);

    assertThat(text.toString().lines())
        .containsExactly(
            "downloading ggml-model-Q4_K_M.gguf (4.92 GB)",
            "ggml-model-Q4_K_M.gguf: 351 MB of 4.92 GB (7%), 35.1 MB/s, ETA 2m10s",
            "ggml-model-Q4_K_M.gguf: 4.92 GB done in 2m20s (35.1 MB/s), SHA-256 verified");
  }

  @Test
  void aResumedTransferCountsItsSpeedFromWhereItResumed() {
    ProgressLines lines = new ProgressLines(out, nanos::get, Duration.ofSeconds(1));

    lines.started("f.gguf", 3_000_000_000L, 1_000_000_000L);
    at(10);
    lines.advanced(2_000_000_000L);

    assertThat(text.toString().lines())
        .containsExactly(
            "downloading f.gguf (3.00 GB, resuming at 1.00 GB)",
            "f.gguf: 2.00 GB of 3.00 GB (66%), 100 MB/s, ETA 10s");
  }

  @Test
  void theBarIsRedrawnInPlaceAtMostTenTimesASecond() {
    ProgressBar bar = new ProgressBar(out, nanos::get);

    bar.started("f.gguf", 1_000_000_000L, 0);
    at(0.05);
    bar.advanced(1_000_000);
    at(2);
    bar.advanced(450_000_000);
    at(4);
    bar.finished(1_000_000_000L);

    String empty = " ".repeat(ProgressBar.WIDTH - 1);
    assertThat(text.toString())
        .isEqualTo(
            "\rf.gguf [>"
                + empty
                + "]   0%  0 B / 1.00 GB  0 B/s  ETA ?"
                + "\rf.gguf [=============>                ]  45%  450 MB / 1.00 GB  225 MB/s  ETA 2s"
                + "\rf.gguf [==============================] 100%  1.00 GB / 1.00 GB  250 MB/s  ETA 0s"
                + System.lineSeparator());
  }

  @Test
  void silentHearsNothing() {
    DownloadProgress silent = DownloadProgress.silent();
    silent.started("f", 1, 0);
    silent.advanced(1);
    silent.finished(1);

    assertThat(text.toString()).isEmpty();
  }
}
