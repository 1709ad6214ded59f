package dev.samovar.training.dataset.generate;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class GenerateProgressTest {
  private final StringWriter text = new StringWriter();
  private final AtomicLong nanos = new AtomicLong();

  private GenerateProgress progress(int total, boolean terminal) {
    return new GenerateProgress(new PrintWriter(text), total, terminal, nanos::get);
  }

  @Test
  void showsDoneTotalRateEtaRetriesAndFailures() {
    GenerateProgress progress = progress(10, false);
    nanos.set(1_000_000_000L);
    progress.done();
    nanos.set(2_000_000_000L);
    progress.done();
    progress.retry();
    progress.failed("prompt x: HTTP 500");

    assertThat(progress.line(4_000_000_000L))
        .isEqualTo("[####................] 2/10 prompts, 0.50/s, ETA 14s, 1 retry, 1 failed");
  }

  @Test
  void plainLinesAtMostEveryHalfSecondWhenNotATerminal() {
    GenerateProgress progress = progress(4, false);
    nanos.set(100_000_000L);
    progress.done();
    nanos.set(200_000_000L);
    progress.done();
    nanos.set(700_000_000L);
    progress.done();
    nanos.set(800_000_000L);
    progress.finish();

    assertThat(text.toString())
        .isEqualTo(
            "[#####...............] 1/4 prompts, 10.00/s, ETA 0s, 0 retries, 0 failed\n"
                + "[###############.....] 3/4 prompts, 4.29/s, ETA 0s, 0 retries, 0 failed\n"
                + "[###############.....] 3/4 prompts, 3.75/s, ETA 0s, 0 retries, 0 failed\n");
  }

  @Test
  void redrawsOneLineInPlaceOnATerminal() {
    GenerateProgress progress = progress(2, true);
    nanos.set(1_000_000_000L);
    progress.done();
    progress.note("a note");
    nanos.set(2_000_000_000L);
    progress.finish();

    assertThat(text.toString())
        .isEqualTo(
            "\r\033[K[##########..........] 1/2 prompts, 1.00/s, ETA 1s, 0 retries, 0 failed"
                + "\r\033[Ka note\n"
                + "\r\033[K[##########..........] 1/2 prompts, 0.50/s, ETA 2s, 0 retries, 0 failed"
                + "\n");
  }
}
