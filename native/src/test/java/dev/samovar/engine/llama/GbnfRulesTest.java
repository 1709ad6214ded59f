package dev.samovar.engine.llama;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class GbnfRulesTest {
  private static final String GRAMMAR =
      """
      root ::= "{" space root-kv "}" space
      root-kv ::= "\\"root\\"" space ":" space ( root | [^root\\]] )
      space ::= | " "
      """;

  @Test
  void renamesARuleWhereDefinedAndReferencedButNotInLiteralsOrClasses() {
    assertThat(GbnfRules.rename(GRAMMAR, "root", "doc"))
        .isEqualTo(
            """
            doc ::= "{" space root-kv "}" space
            root-kv ::= "\\"root\\"" space ":" space ( doc | [^root\\]] )
            space ::= | " "
            """);
  }

  @Test
  void namesTheDefinedRules() {
    assertThat(GbnfRules.names(GRAMMAR)).containsExactly("root", "root-kv", "space");
  }

  @Test
  void anUnclosedLiteralFails() {
    assertThatThrownBy(() -> GbnfRules.rename("root ::= \"a", "root", "doc"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
