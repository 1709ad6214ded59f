package dev.samovar.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ProgressTest {
  private final StringWriter text = new StringWriter();
  private final AtomicLong nanos = new AtomicLong();

  private Progress progress(long total, String noun, boolean terminal, Duration interval) {
    return new Progress(new PrintWriter(text), "job", total, noun, terminal, interval, nanos::get);
  }

  private void seconds(double s) {
    nanos.addAndGet((long) (s * 1e9));
  }

  @Test
  void bytesAreReportedOncePerIntervalWithTheRateOfThisRunOnly() {
    Progress progress = progress(4_000_000_000L, null, false, Duration.ofSeconds(5));
    progress.skip(1_000_000_000L);
    seconds(1);
    progress.advance(100_000_000L, "blk.0");
    seconds(4);
    progress.advance(400_000_000L, "blk.1");
    seconds(1);
    progress.advance(500_000_000L, "blk.2");
    double rate = progress.finish("wrote out.gguf");

    assertThat(text.toString().lines())
        .containsExactly(
            "job: 37.5% of 4.00 GB, 500 MB in 5s, 100 MB/s, ETA 25s, blk.1",
            "job: wrote out.gguf (50.0% of 4.00 GB, 1.00 GB in 6s, 167 MB/s, ETA 12s)");
    assertThat(rate).isEqualTo(1e9 / 6, org.assertj.core.data.Offset.offset(1.0));
  }

  @Test
  void itemsWithAZeroIntervalGetALinePerStepWithRetriesAndFailures() {
    Progress progress = progress(4, "prompts", false, Duration.ZERO);
    seconds(2);
    progress.advance(1, "prompt 1");
    progress.retry();
    progress.failed("prompt 2: refused");
    seconds(2);
    progress.advance(1, "prompt 3");

    assertThat(text.toString().lines())
        .containsExactly(
            "job: 1/4 prompts, 0.50/s, ETA 6s, prompt 1",
            "job: 1/4 prompts, 0.50/s, ETA 6s, 1 retry",
            "prompt 2: refused",
            "job: 2/4 prompts, 0.50/s, ETA 4s, 1 retry, 1 failed, prompt 3");
  }

  @Test
  void onATerminalOneBarIsRedrawnAndNotesClearItFirst() {
    Progress progress = progress(10, "questions", true, Duration.ofSeconds(5));
    seconds(1);
    progress.advance(5, null);
    progress.note("a note");
    seconds(1);
    progress.advance(5, null);
    progress.finish("done");

    assertThat(text.toString())
        .isEqualTo(
            "\r\033[Kjob [##########..........] 5/10 questions, 5.00/s, ETA 1s"
                + "\r\033[Ka note"
                + System.lineSeparator()
                + "\r\033[Kjob [####################] 10/10 questions, 5.00/s, ETA 0s"
                + "\r\033[Kjob: done (10/10 questions, 5.00/s, ETA 0s)"
                + System.lineSeparator());
  }
}
