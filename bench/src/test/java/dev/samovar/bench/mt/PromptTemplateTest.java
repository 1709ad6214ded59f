package dev.samovar.bench.mt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class PromptTemplateTest {
  @Test
  void replacesNamedFieldsWithTheirValuesAsTheyAre() {
    assertThat(
            PromptTemplate.format(
                "[Q]\n{question}\n[A]\n{answer}",
                Map.of("question", "What is {x}?", "answer", "{{not a field}} }", "unused", "u")))
        .isEqualTo("[Q]\nWhat is {x}?\n[A]\n{{not a field}} }");
  }

  @Test
  void doubledBracesStandForOneBrace() {
    assertThat(PromptTemplate.format("{{\"a\": {v}}} }}{{", Map.of("v", "1")))
        .isEqualTo("{\"a\": 1} }{");
  }

  @Test
  void rejectsWhatPythonRejects() {
    assertThatThrownBy(() -> PromptTemplate.format("{missing}", Map.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("no value for {missing}");
    assertThatThrownBy(() -> PromptTemplate.format("a } b", Map.of()))
        .hasMessage("single '}' encountered in format string at 2");
    assertThatThrownBy(() -> PromptTemplate.format("a { b", Map.of()))
        .hasMessage("single '{' encountered in format string at 2");
    assertThatThrownBy(() -> PromptTemplate.format("{answer!r}", Map.of("answer", "x")))
        .hasMessage("unsupported replacement field {answer!r} at 0; only {name} is supported");
  }
}
