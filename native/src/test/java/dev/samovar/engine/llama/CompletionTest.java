package dev.samovar.engine.llama;

import static org.assertj.core.api.Assertions.assertThat;

import dev.samovar.engine.FinishReason;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class CompletionTest {

  @Test
  void emitsOneDeltaPerTokenUntilTheLimit() {
    Completion completion = new Completion(List.of(), 3);
    assertThat(step(completion, 1, "a")).isEqualTo(new Result("a", 1, null));
    assertThat(step(completion, 2, "b")).isEqualTo(new Result("b", 2, null));
    assertThat(step(completion, 3, "c")).isEqualTo(new Result("c", 3, FinishReason.LENGTH));
    assertThat(completion.tokens()).isEqualTo(3);
    assertThat(completion.exhausted()).isTrue();
  }

  @Test
  void endOfGenerationStopsWithoutItsTextButReleasesHeldText() {
    Completion completion = new Completion(List.of("<end>"), 10);
    assertThat(step(completion, 5, "x <e")).isEqualTo(new Result("x ", 5, null));
    Completion.Step end = completion.accept(128009, true, new byte[0]);
    assertThat(end.finish()).isEqualTo(FinishReason.STOP);
    assertThat(end.delta().text()).isEqualTo("<e");
    assertThat(end.delta().tokens()).containsExactly(128009);
    assertThat(completion.tokens()).isEqualTo(2);
  }

  @Test
  void aStopStringSpanningTokensStopsAndIsNotEmitted() {
    Completion completion = new Completion(List.of("END"), 10);
    assertThat(step(completion, 1, "one E")).isEqualTo(new Result("one ", 1, null));
    assertThat(step(completion, 2, "N")).isEqualTo(new Result("", 2, null));
    assertThat(step(completion, 3, "Ding")).isEqualTo(new Result("", 3, FinishReason.STOP));
  }

  @Test
  void theLengthLimitReleasesAPartialStopMatch() {
    Completion completion = new Completion(List.of("END"), 2);
    step(completion, 1, "a");
    assertThat(step(completion, 2, "EN")).isEqualTo(new Result("EN", 2, FinishReason.LENGTH));
  }

  @Test
  void aSplitCharacterWaitsForItsLastByte() {
    byte[] letter = "ё".getBytes(StandardCharsets.UTF_8);
    Completion completion = new Completion(List.of(), 5);
    Completion.Step first = completion.accept(7, false, new byte[] {letter[0]});
    Completion.Step second = completion.accept(8, false, new byte[] {letter[1]});
    assertThat(first.delta().text()).isEmpty();
    assertThat(second.delta().text()).isEqualTo("ё");
  }

  @Test
  void aZeroLimitIsExhaustedBeforeAnyToken() {
    assertThat(new Completion(List.of(), 0).exhausted()).isTrue();
  }

  private static Result step(Completion completion, int token, String text) {
    Completion.Step step = completion.accept(token, false, text.getBytes(StandardCharsets.UTF_8));
    assertThat(step.delta().tokens()).containsExactly(token);
    return new Result(step.delta().text(), token, step.finish());
  }

  private record Result(String text, int token, FinishReason finish) {}
}
