package dev.samovar.bench.mt;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ProgressTest {
  private final StringWriter text = new StringWriter();
  private final Progress progress = new Progress(new PrintWriter(text));

  @Test
  void countsFinishedItemsOfTheRunAndShowsNotesAndRetriesInBetween() {
    progress.note("answers.jsonl: 1 of 3 questions already answered; answering the other 2");
    progress.started(2);
    progress.retrying(
        "question 81 turn 2", "HTTP 429 from x: slow down", 2, 16, Duration.ofMillis(1500));
    progress.done("question 81 (writing): answered in 2.0 s");
    progress.failed("question 82", "HTTP 400 from x: bad request");
    progress.done("question 91 (roleplay): answered in 0.5 s");
    progress.finished();

    assertThat(text.toString())
        .isEqualTo(
            "answers.jsonl: 1 of 3 questions already answered; answering the other 2\n"
                + "question 81 turn 2: HTTP 429 from x: slow down; try 2 of 16 in 1.5 s\n"
                + "[1/2] question 81 (writing): answered in 2.0 s\n"
                + "[2/2] question 91 (roleplay): answered in 0.5 s\n");
  }
}
