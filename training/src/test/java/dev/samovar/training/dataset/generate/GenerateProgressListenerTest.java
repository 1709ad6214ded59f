package dev.samovar.training.dataset.generate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class GenerateProgressListenerTest {
  private final StringWriter text = new StringWriter();
  private final AtomicLong nanos = new AtomicLong();
  private final GenerateProgressListener listener =
      new GenerateProgressListener(new PrintWriter(text), false, nanos::get);

  @Test
  void notesBeforeTheStartArePlainLinesWithoutABar() {
    listener.note("out.jsonl: 1 of 2 prompts already answered; asking for the other 1");

    assertThat(text.toString())
        .isEqualTo("out.jsonl: 1 of 2 prompts already answered; asking for the other 1\n");
  }

  @Test
  void theItemsOfTheRunMoveTheBarAndFailuresGetALineOfTheirOwn() {
    listener.started(4);
    nanos.set(1_000_000_000L);
    listener.retrying("prompt p1 turn 1", "HTTP 429", 2, 16, Duration.ofSeconds(1));
    listener.done("prompt p1: written");
    listener.failed("prompt p2", "HTTP 400 from x: bad request");
    nanos.set(1_100_000_000L);
    listener.finished();

    assertThat(text.toString())
        .isEqualTo(
            "[....................] 0/4 prompts, 0.00/s, ETA ?, 1 retry, 0 failed\n"
                + "prompt p2: HTTP 400 from x: bad request\n"
                + "[#####...............] 1/4 prompts, 0.91/s, ETA 2s, 1 retry, 1 failed\n");
  }

  @Test
  void itemEventsBeforeTheStartAreAMistake() {
    assertThatThrownBy(() -> listener.done("prompt p1: written"))
        .isInstanceOf(IllegalStateException.class);
  }
}
