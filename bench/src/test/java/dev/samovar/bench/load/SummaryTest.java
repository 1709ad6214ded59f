package dev.samovar.bench.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** Percentiles as numpy computes them by default (linear between the closest ranks). */
class SummaryTest {
  @Test
  void interpolatesBetweenTheClosestRanksLikeNumpy() {
    // numpy.percentile([1, 2, 3, 4], [50, 90, 99]) == [2.5, 3.7, 3.97]
    Summary four = Summary.of(new double[] {4, 1, 3, 2});
    assertThat(four.count()).isEqualTo(4);
    assertThat(four.mean()).isEqualTo(2.5);
    assertThat(four.p50()).isEqualTo(2.5);
    assertThat(four.p90()).isCloseTo(3.7, within(1e-12));
    assertThat(four.p99()).isCloseTo(3.97, within(1e-12));

    // numpy.percentile([15, 20, 35, 40, 50], [50, 90, 99]) == [35, 46, 49.6]
    Summary five = Summary.of(new double[] {50, 15, 40, 20, 35});
    assertThat(five.p50()).isEqualTo(35);
    assertThat(five.p90()).isCloseTo(46, within(1e-12));
    assertThat(five.p99()).isCloseTo(49.6, within(1e-12));
    assertThat(five.mean()).isEqualTo(32);
  }

  @Test
  void theEndsAreTheSmallestAndLargestValues() {
    double[] sorted = {1, 5, 9};
    assertThat(Summary.percentile(sorted, 0)).isEqualTo(1);
    assertThat(Summary.percentile(sorted, 100)).isEqualTo(9);
    assertThat(Summary.percentile(sorted, 25)).isEqualTo(3);
    assertThatThrownBy(() -> Summary.percentile(sorted, 101))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("percentile must be in [0, 100]: 101.0");
    assertThatThrownBy(() -> Summary.percentile(new double[0], 50))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("no values");
  }

  @Test
  void oneValueIsEveryPercentileAndNoValuesAreNone() {
    assertThat(Summary.of(new double[] {7})).isEqualTo(new Summary(1, 7, 7, 7, 7));
    Summary none = Summary.of(new double[0]);
    assertThat(none.count()).isZero();
    assertThat(none.mean()).isNaN();
    assertThat(none.p50()).isNaN();
    assertThat(none.p90()).isNaN();
    assertThat(none.p99()).isNaN();
  }

  @Test
  void leavesTheInputAlone() {
    double[] values = {3, 1, 2};
    Summary.of(values);
    assertThat(values).containsExactly(3, 1, 2);
  }
}
