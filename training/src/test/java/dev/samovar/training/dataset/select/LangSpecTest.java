package dev.samovar.training.dataset.select;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.samovar.training.dataset.select.LangSpec.Want;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class LangSpecTest {

  @Test
  void acceptsCodesAndNamesInAnyCase() {
    assertThat(LangSpec.parse("ru=all,EN=1000, Chinese = 5 ,japanese=ALL").wants())
        .containsExactly(
            new Want("ru", OptionalInt.empty()),
            new Want("en", OptionalInt.of(1000)),
            new Want("zh", OptionalInt.of(5)),
            new Want("ja", OptionalInt.empty()));
  }

  @Test
  void anUnknownLanguageListsTheKnownOnes() {
    assertThatThrownBy(() -> LangSpec.parse("ru=all,Klingon=5"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("unknown language 'Klingon'; known: af (Afrikaans), am (Amharic),")
        .hasMessageContaining("ru (Russian)")
        .hasMessageEndingWith("zu (Zulu)");
    assertThatThrownBy(() -> LangSpec.parse("xx=5"))
        .hasMessageStartingWith("unknown language 'xx'");
  }

  @Test
  void refusesBadCountsAndRepeatedLanguages() {
    assertThatThrownBy(() -> LangSpec.parse("ru=0"))
        .hasMessage("the count for 'ru' must be a positive number or 'all', not '0'");
    assertThatThrownBy(() -> LangSpec.parse("ru=-3"))
        .hasMessage("the count for 'ru' must be a positive number or 'all', not '-3'");
    assertThatThrownBy(() -> LangSpec.parse("ru=many"))
        .hasMessage("the count for 'ru' must be a positive number or 'all', not 'many'");
    assertThatThrownBy(() -> LangSpec.parse("ru=99999999999"))
        .hasMessage("the count for 'ru' must be a positive number or 'all', not '99999999999'");
    assertThatThrownBy(() -> LangSpec.parse("ru=all,Russian=5"))
        .hasMessage("language ru is given twice ('ru' and 'Russian')");
    assertThatThrownBy(() -> LangSpec.parse("ru"))
        .hasMessage("'ru' is not KEY=COUNT or KEY=all (e.g. ru=all,en=1000)");
    assertThatThrownBy(() -> LangSpec.parse("ru=all,"))
        .hasMessage("'' is not KEY=COUNT or KEY=all (e.g. ru=all,en=1000)");
  }
}
