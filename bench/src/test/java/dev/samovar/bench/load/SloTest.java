package dev.samovar.bench.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

class SloTest {
  @Test
  void readsAnySubsetOfTheThreeObjectives() {
    assertThat(Slo.parse("ttft_ms=500,tpot_ms=50,e2e_ms=10000"))
        .isEqualTo(
            new Slo(OptionalDouble.of(500), OptionalDouble.of(50), OptionalDouble.of(10000)));
    assertThat(Slo.parse(" e2e_ms = 2.5 "))
        .isEqualTo(new Slo(OptionalDouble.empty(), OptionalDouble.empty(), OptionalDouble.of(2.5)));
    assertThat(Slo.parse("tpot_ms=50,ttft_ms=500")).hasToString("ttft_ms=500,tpot_ms=50");
  }

  @Test
  void rejectsWhatItCannotRead() {
    assertThatThrownBy(() -> Slo.parse("itl_ms=5"))
        .hasMessage("expected ttft_ms=MS,tpot_ms=MS,e2e_ms=MS (any of them): 'itl_ms=5'");
    assertThatThrownBy(() -> Slo.parse("ttft_ms=fast"))
        .hasMessage("ttft_ms is not a number: 'fast'");
    assertThatThrownBy(() -> Slo.parse("ttft_ms=0")).hasMessage("ttft_ms must be > 0: 0");
    assertThatThrownBy(() -> Slo.parse("ttft_ms=1,ttft_ms=2"))
        .hasMessage("ttft_ms is given twice: 'ttft_ms=1,ttft_ms=2'");
  }
}
