package dev.samovar.engine.llama;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.samovar.engine.TokenLogprob;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class LogprobsTest {
  private static byte[] bytes(int token) {
    return ("t" + token).getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void isALogSoftmaxOverTheWholeRow() {
    float[] row = {1.5f, -2f, 0.25f, 3f, 3f, -40f};
    Logprobs logprobs = new Logprobs(row.length, LogprobsTest::bytes);
    logprobs.capture(MemorySegment.ofArray(row));
    double sum = 0;
    for (float logit : row) {
      sum += Math.exp(logit);
    }
    TokenLogprob entry = logprobs.entry(2, 3);
    assertThat(entry.token()).isEqualTo(2);
    assertThat(entry.bytes()).isEqualTo(bytes(2));
    assertThat(entry.logprob()).isCloseTo(0.25 - Math.log(sum), within(1e-12));
    assertThat(entry.top())
        .extracting(TokenLogprob.Alternative::token)
        .as("most likely first; a tie keeps the lower id first")
        .containsExactly(3, 4, 0);
    assertThat(entry.top().get(2).logprob()).isCloseTo(1.5 - Math.log(sum), within(1e-12));
    assertThat(entry.top().get(1).bytes()).isEqualTo(bytes(4));
  }

  @Test
  void staysFiniteForHugeLogits() {
    float[] row = {2000f, 1999f, -3000f};
    Logprobs logprobs = new Logprobs(row.length, LogprobsTest::bytes);
    logprobs.capture(MemorySegment.ofArray(row));
    TokenLogprob entry = logprobs.entry(1, 3);
    double expected = -1 - Math.log(1 + Math.exp(-1));
    assertThat(entry.logprob()).isCloseTo(expected, within(1e-12));
    assertThat(entry.top().getFirst().logprob()).isCloseTo(expected + 1, within(1e-12));
    assertThat(entry.top().getLast().logprob()).isCloseTo(-5000 + expected + 1, within(1e-9));
  }

  @Test
  void reusesItsScratchForEachRowAndAllowsNoAlternatives() {
    Logprobs logprobs = new Logprobs(2, LogprobsTest::bytes);
    logprobs.capture(MemorySegment.ofArray(new float[] {0f, 0f}));
    assertThat(logprobs.entry(0, 0).logprob()).isCloseTo(Math.log(0.5), within(1e-12));
    assertThat(logprobs.entry(0, 0).top()).isEmpty();
    logprobs.capture(MemorySegment.ofArray(new float[] {0f, Float.NEGATIVE_INFINITY}));
    TokenLogprob entry = logprobs.entry(0, 2);
    assertThat(entry.logprob()).isZero();
    assertThat(entry.top())
        .extracting(TokenLogprob.Alternative::logprob)
        .containsExactly(0.0, Double.NEGATIVE_INFINITY);
  }
}
