package dev.samovar.engine.llama;

import static org.assertj.core.api.Assertions.assertThat;

import dev.samovar.engine.FinishReason;
import dev.samovar.engine.TextDelta;
import dev.samovar.engine.TokenLogprob;
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
    Completion.Step end = completion.accept(128009, true, new byte[0], null);
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
  void aSplitCharacterComesOutWithBothTokensAndTheirLogprobs() {
    byte[] letter = "ё".getBytes(StandardCharsets.UTF_8);
    TokenLogprob firstLogprob = new TokenLogprob(7, new byte[] {letter[0]}, -0.5, List.of());
    TokenLogprob secondLogprob = new TokenLogprob(8, new byte[] {letter[1]}, -0.25, List.of());
    Completion completion = new Completion(List.of(), 5);
    Completion.Step first = completion.accept(7, false, new byte[] {letter[0]}, firstLogprob);
    Completion.Step second = completion.accept(8, false, new byte[] {letter[1]}, secondLogprob);
    assertThat(first.delta()).isNull();
    assertThat(first.finish()).isNull();
    assertThat(second.delta().text()).isEqualTo("ё");
    assertThat(second.delta().tokens()).containsExactly(7, 8);
    assertThat(second.delta().logprobs()).containsExactly(firstLogprob, secondLogprob);
    assertThat(completion.tokens()).isEqualTo(2);
  }

  @Test
  void theLengthLimitReleasesHeldTokensWithoutTheirUnfinishedCharacter() {
    byte[] emoji = "🙂".getBytes(StandardCharsets.UTF_8);
    Completion completion = new Completion(List.of(), 2);
    assertThat(completion.accept(1, false, new byte[] {emoji[0], emoji[1]}, null).delta()).isNull();
    Completion.Step last = completion.accept(2, false, new byte[] {emoji[2]}, null);
    assertThat(last.finish()).isEqualTo(FinishReason.LENGTH);
    assertThat(last.delta().text()).isEmpty();
    assertThat(last.delta().tokens()).containsExactly(1, 2);
  }

  @Test
  void flushReleasesHeldTokensOnce() {
    Completion completion = new Completion(List.of(), 5);
    assertThat(completion.flush()).isNull();
    completion.accept(3, false, new byte[] {(byte) 0xD1}, null);
    TextDelta held = completion.flush();
    assertThat(held.text()).isEmpty();
    assertThat(held.tokens()).containsExactly(3);
    assertThat(completion.flush()).isNull();
  }

  @Test
  void aZeroLimitIsExhaustedBeforeAnyToken() {
    assertThat(new Completion(List.of(), 0).exhausted()).isTrue();
  }

  private static Result step(Completion completion, int token, String text) {
    Completion.Step step =
        completion.accept(token, false, text.getBytes(StandardCharsets.UTF_8), null);
    assertThat(step.delta().tokens()).containsExactly(token);
    assertThat(step.delta().logprobs()).isEmpty();
    return new Result(step.delta().text(), token, step.finish());
  }

  private record Result(String text, int token, FinishReason finish) {}
}
