package dev.samovar.engine.llama;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class StopMatcherTest {

  @Test
  void withoutStopsReleasesEverything() {
    StopMatcher matcher = new StopMatcher(List.of());
    assertThat(matcher.accept("abc")).isEqualTo("abc");
    assertThat(matcher.stopped()).isFalse();
  }

  @Test
  void stopsWithinOnePieceAndDropsTheRest() {
    StopMatcher matcher = new StopMatcher(List.of("END"));
    assertThat(matcher.accept("one END two")).isEqualTo("one ");
    assertThat(matcher.stopped()).isTrue();
  }

  @Test
  void namesTheEarliestStopThatMatched() {
    StopMatcher matcher = new StopMatcher(List.of("two", "END"));
    assertThat(matcher.matched()).isNull();
    assertThat(matcher.accept("one END two")).isEqualTo("one ");
    assertThat(matcher.matched()).isEqualTo("END");
  }

  @Test
  void holdsAPossibleStartUntilTheNextPieceDecides() {
    StopMatcher matcher = new StopMatcher(List.of("</s>"));
    assertThat(matcher.accept("hello <")).isEqualTo("hello ");
    assertThat(matcher.accept("/")).isEmpty();
    assertThat(matcher.accept("b>")).isEqualTo("</b>");
    assertThat(matcher.stopped()).isFalse();
  }

  @Test
  void matchesAStopSpanningSeveralPieces() {
    StopMatcher matcher = new StopMatcher(List.of("STOP"));
    assertThat(matcher.accept("go S")).isEqualTo("go ");
    assertThat(matcher.accept("T")).isEmpty();
    assertThat(matcher.accept("O")).isEmpty();
    assertThat(matcher.accept("Pped")).isEmpty();
    assertThat(matcher.stopped()).isTrue();
  }

  @Test
  void theEarliestOfSeveralStopsWins() {
    StopMatcher matcher = new StopMatcher(List.of("world", "lo w"));
    assertThat(matcher.accept("hello world")).isEqualTo("hel");
    assertThat(matcher.stopped()).isTrue();
  }

  @Test
  void flushReleasesHeldTextWhenGenerationEndsOtherwise() {
    StopMatcher matcher = new StopMatcher(List.of("###"));
    assertThat(matcher.accept("a ##")).isEqualTo("a ");
    assertThat(matcher.flush()).isEqualTo("##");
    assertThat(matcher.flush()).isEmpty();
  }

  @Test
  void holdsOnlyWhatCanStillBecomeAStop() {
    StopMatcher matcher = new StopMatcher(List.of("abab"));
    assertThat(matcher.accept("xaba")).isEqualTo("x");
    assertThat(matcher.accept("a")).isEqualTo("aba");
    assertThat(matcher.accept("bab")).isEmpty();
    assertThat(matcher.stopped()).isTrue();
  }

  @Test
  void ignoresEmptyStops() {
    StopMatcher matcher = new StopMatcher(List.of(""));
    assertThat(matcher.accept("text")).isEqualTo("text");
    assertThat(matcher.stopped()).isFalse();
  }

  @Test
  void refusesTextAfterAStop() {
    StopMatcher matcher = new StopMatcher(List.of("x"));
    matcher.accept("x");
    assertThatThrownBy(() -> matcher.accept("more")).isInstanceOf(IllegalStateException.class);
  }
}
