package dev.samovar.server.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.samovar.server.error.OverloadedException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The Retry-After of a 429: the places missing times the recent generation time per sequence. */
class AdmissionRetryAfterTest {

  private static OverloadedException refused(Admission admission, int count, int sequences) {
    return catchThrowableOfType(
        OverloadedException.class, () -> admission.acquire(count, sequences));
  }

  @Test
  void oneSecondBeforeAnyGenerationHasEnded() {
    Admission admission = new Admission(0);
    admission.acquire(2, 2);

    OverloadedException busy = refused(admission, 1, 2);
    assertThat(busy.retryAfterSeconds()).isEqualTo(1);
    assertThat(busy.getMessage()).endsWith("Retry after 1 second.");
  }

  @Test
  void followsTheRecentGenerationTimePerSequence() {
    Admission admission = new Admission(2);
    admission.acquire(4, 2);
    admission.release(Duration.ofSeconds(8));
    admission.acquire(1, 2);

    // Full (2 running, 2 waiting); generations of 8 s on 2 sequences end every 4 s.
    assertThat(refused(admission, 1, 2).retryAfterSeconds()).isEqualTo(4);
    OverloadedException three = refused(admission, 3, 2);
    assertThat(three.retryAfterSeconds()).as("three places missing").isEqualTo(12);
    assertThat(three.getMessage()).endsWith("Retry after 12 seconds.");
  }

  @Test
  void aMovingAverageThatForgetsOldTimes() {
    Admission admission = new Admission(0);
    admission.acquire(1, 1);
    admission.release(Duration.ofSeconds(10));
    for (int i = 0; i < 30; i++) {
      admission.acquire(1, 1);
      admission.release(Duration.ofMillis(2500));
    }
    admission.acquire(1, 1);

    assertThat(refused(admission, 1, 1).retryAfterSeconds()).isEqualTo(3);
  }

  @Test
  void atMostAMinute() {
    Admission admission = new Admission(0);
    admission.acquire(1, 1);
    admission.release(Duration.ofMinutes(10));
    admission.acquire(1, 1);

    assertThat(refused(admission, 1, 1).retryAfterSeconds()).isEqualTo(60);
  }
}
