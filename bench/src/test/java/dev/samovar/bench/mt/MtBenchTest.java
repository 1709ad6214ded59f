package dev.samovar.bench.mt;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MtBenchTest {
  @Test
  void temperaturesAreFastChatsPerCategoryOnes() {
    assertThat(MtBench.temperature("writing")).isEqualTo(0.7);
    assertThat(MtBench.temperature("roleplay")).isEqualTo(0.7);
    assertThat(MtBench.temperature("extraction")).isEqualTo(0.0);
    assertThat(MtBench.temperature("math")).isEqualTo(0.0);
    assertThat(MtBench.temperature("coding")).isEqualTo(0.0);
    assertThat(MtBench.temperature("reasoning")).isEqualTo(0.0);
    assertThat(MtBench.temperature("stem")).isEqualTo(0.1);
    assertThat(MtBench.temperature("humanities")).isEqualTo(0.1);
    assertThat(MtBench.temperature("poetry")).isEqualTo(0.7);
  }

  @Test
  void mathReasoningAndCodingNeedReferenceAnswers() {
    assertThat(MtBench.NEEDS_REFERENCE).containsExactlyInAnyOrder("math", "reasoning", "coding");
  }

  @Test
  void questionIdsMapToCategoriesInTensFrom81() {
    assertThat(MtBench.categoryOf(81)).contains("writing");
    assertThat(MtBench.categoryOf(90)).contains("writing");
    assertThat(MtBench.categoryOf(91)).contains("roleplay");
    assertThat(MtBench.categoryOf(115)).contains("math");
    assertThat(MtBench.categoryOf(160)).contains("humanities");
    assertThat(MtBench.categoryOf(80)).isEmpty();
    assertThat(MtBench.categoryOf(161)).isEmpty();
    assertThat(MtBench.categoryOf(-5)).isEmpty();
  }
}
