package dev.samovar.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class JobProgressTest {
  private final StringWriter text = new StringWriter();
  private final AtomicLong nanos = new AtomicLong();
  private final JobProgress progress =
      new JobProgress(
          new PrintWriter(text), "mt answer", "questions", false, Duration.ZERO, nanos::get);

  @Test
  void reportsNotesThenEachItemRetryAndFailureThenTheEnd() {
    progress.note("answers.jsonl: 1 of 3 questions already answered; answering the other 2");
    progress.started(2);
    nanos.addAndGet(1_000_000_000L);
    progress.retrying("question 81 turn 1", "HTTP 503", 2, 3, Duration.ofMillis(1500));
    progress.done("question 81 (writing): answered in 1.0 s");
    progress.failed("question 82", "HTTP 400: bad request");
    progress.finished();

    assertThat(text.toString().lines())
        .containsExactly(
            "answers.jsonl: 1 of 3 questions already answered; answering the other 2",
            "mt answer: 0/2 questions, 0.00/s, ETA ?, 1 retry",
            "question 81 turn 1: HTTP 503; try 2 of 3 in 1.5 s",
            "mt answer: 1/2 questions, 1.00/s, ETA 1s, 1 retry,"
                + " question 81 (writing): answered in 1.0 s",
            "question 82: HTTP 400: bad request");
  }

  @Test
  void onATerminalTheEndLeavesTheLastStatusOnALineOfItsOwn() {
    JobProgress bar =
        new JobProgress(
            new PrintWriter(text), "dataset generate", "prompts", true, Duration.ZERO, nanos::get);
    bar.started(1);
    nanos.addAndGet(2_000_000_000L);
    bar.done("prompt p1: written");
    bar.finished();

    assertThat(text.toString())
        .isEqualTo(
            "\r\033[Kdataset generate [####################] 1/1 prompts, 0.50/s, ETA 0s,"
                + " prompt p1: written"
                + "\r\033[Kdataset generate: 1/1 prompts, 0.50/s, ETA 0s"
                + System.lineSeparator());
  }

  @Test
  void aJobThatNeverStartedEndsWithoutAStatus() {
    progress.note("nothing to do");
    progress.finished();

    assertThat(text.toString().lines()).containsExactly("nothing to do");
  }
}
