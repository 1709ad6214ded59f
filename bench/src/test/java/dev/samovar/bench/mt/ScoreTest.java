package dev.samovar.bench.mt;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import org.junit.jupiter.api.Test;

class ScoreTest {
  @Test
  void readsDoubleBracketsFirst() {
    assertThat(Score.extract("Rating: [[8]]").value()).isEqualTo(8L);
    assertThat(Score.extract("see [3] above. Rating: [[7]]").value()).isEqualTo(7L);
    assertThat(Score.extract("[[6]] then [[9]]").value()).isEqualTo(6L);
  }

  @Test
  void fallsBackToSingleBrackets() {
    assertThat(Score.extract("Rating: [5]").value()).isEqualTo(5L);
    assertThat(Score.extract("Rating: [ [4] ]").value()).isEqualTo(4L);
  }

  @Test
  void keepsFloatsAsFloatsAndIntegersAsIntegers() {
    assertThat(Score.extract("Rating: [[7.5]]").value()).isEqualTo(7.5);
    assertThat(Score.extract("Rating: [[8.]]").value()).isEqualTo(8.0);
    assertThat(Score.extract("Rating: [[08]]").value()).isEqualTo(8L);
    assertThat(Score.extract("[[123456789012345678901234567890]]").value())
        .isEqualTo(new BigInteger("123456789012345678901234567890"));
  }

  @Test
  void unreadableRatingsAreMinusOne() {
    assertThat(Score.extract("Привет мир. Это чай")).isEqualTo(Score.UNRATED);
    assertThat(Score.extract("Rating: [[ 8 ]]")).isEqualTo(Score.UNRATED);
    assertThat(Score.extract("Rating: [[8/10]]")).isEqualTo(Score.UNRATED);
    assertThat(Score.extract("Rating: [[-3]]")).isEqualTo(Score.UNRATED);
    assertThat(Score.extract("Rating: [[8.5.1]]")).isEqualTo(Score.UNRATED);
    assertThat(Score.extract(MtBench.API_ERROR_OUTPUT)).isEqualTo(Score.UNRATED);
    assertThat(Score.UNRATED.unrated()).isTrue();
  }

  @Test
  void numbersOutsideOneToTenAreKeptAndFlagged() {
    Score zero = Score.extract("Rating: [[0]]");
    Score eleven = Score.extract("Rating: [[11]]");

    assertThat(zero.value()).isEqualTo(0L);
    assertThat(zero.outsideScale()).isTrue();
    assertThat(zero.unrated()).isFalse();
    assertThat(eleven.value()).isEqualTo(11L);
    assertThat(eleven.outsideScale()).isTrue();
    assertThat(Score.extract("[[10]]").outsideScale()).isFalse();
    assertThat(Score.extract("[[1]]").outsideScale()).isFalse();
    assertThat(Score.UNRATED.outsideScale()).isFalse();
  }
}
