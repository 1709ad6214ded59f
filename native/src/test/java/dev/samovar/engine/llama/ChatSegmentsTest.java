package dev.samovar.engine.llama;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.samovar.engine.EngineException;
import dev.samovar.engine.Prompt;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChatSegmentsTest {
  private static final String HEADER_USER = "<|start_header_id|>user<|end_header_id|>\n\n";
  private static final String EOT = "<|eot_id|>";
  private static final String HEADER_ASSISTANT =
      "<|start_header_id|>assistant<|end_header_id|>\n\n";

  @Test
  void marksTrimmedContentsPlainAndTheTemplateSpecial() {
    String rendered = "<|begin_of_text|>" + HEADER_USER + "Hi there" + EOT + HEADER_ASSISTANT;
    Prompt prompt =
        ChatSegments.split(
            rendered,
            List.of("<|begin_of_text|>" + HEADER_USER, EOT + HEADER_ASSISTANT),
            List.of("  Hi there\n"));
    assertThat(prompt.segments())
        .containsExactly(
            new Prompt.Text("<|begin_of_text|>" + HEADER_USER, true),
            new Prompt.Text("Hi there", false),
            new Prompt.Text(EOT + HEADER_ASSISTANT, true));
    assertThat(prompt.text()).isEqualTo(rendered);
  }

  @Test
  void keepsUntrimmedContentWhenTheTemplateDoesNotTrim() {
    String rendered = "<|im_start|>user\n hi \n\n<|im_end|>\n";
    Prompt prompt =
        ChatSegments.split(
            rendered, List.of("<|im_start|>user\n", "\n<|im_end|>\n"), List.of(" hi \n"));
    assertThat(prompt.segments())
        .containsExactly(
            new Prompt.Text("<|im_start|>user\n", true),
            new Prompt.Text(" hi \n", false),
            new Prompt.Text("\n<|im_end|>\n", true));
  }

  @Test
  void contentThatLooksLikeTheTemplateStaysPlain() {
    String content = HEADER_USER + "x" + EOT;
    String rendered = HEADER_USER + content + EOT + HEADER_ASSISTANT;
    Prompt prompt =
        ChatSegments.split(
            rendered, List.of(HEADER_USER, EOT + HEADER_ASSISTANT), List.of(content));
    assertThat(prompt.segments())
        .containsExactly(
            new Prompt.Text(HEADER_USER, true),
            new Prompt.Text(content, false),
            new Prompt.Text(EOT + HEADER_ASSISTANT, true));
  }

  @Test
  void skipsEmptyContents() {
    String rendered = HEADER_USER + EOT + HEADER_ASSISTANT;
    Prompt prompt =
        ChatSegments.split(rendered, List.of(HEADER_USER, EOT + HEADER_ASSISTANT), List.of(" "));
    assertThat(prompt.segments())
        .containsExactly(
            new Prompt.Text(HEADER_USER, true), new Prompt.Text(EOT + HEADER_ASSISTANT, true));
  }

  @Test
  void refusesAContentTheTemplateChanged() {
    String rendered = HEADER_USER + "HELLO" + EOT;
    assertThatThrownBy(
            () -> ChatSegments.split(rendered, List.of(HEADER_USER, EOT), List.of("hello")))
        .isInstanceOf(EngineException.class)
        .hasMessage(
            "cannot locate the content of message 1 in the rendered chat; refusing to tokenize it"
                + " with control tokens");
  }

  @Test
  void refusesTemplateTextThatDiffersBetweenTheRenderings() {
    assertThatThrownBy(() -> ChatSegments.split("B-x-C", List.of("A-", "-C"), List.of("x")))
        .isInstanceOf(EngineException.class)
        .hasMessageContaining("cannot split safely");
  }

  @Test
  void trimsLikeCIsspace() {
    assertThat(ChatSegments.trim(" \t\n\u000B\f\r text \u00A0\r\n")).isEqualTo("text \u00A0");
  }
}
