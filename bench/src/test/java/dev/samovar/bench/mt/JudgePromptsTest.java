package dev.samovar.bench.mt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.samovar.bench.BenchException;
import dev.samovar.models.testdata.TestData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JudgePromptsTest {
  private static final List<String> NAMES =
      List.of(
          "pair-v2",
          "pair-v2-multi-turn",
          "pair-math-v1",
          "pair-math-v1-multi-turn",
          "single-v1",
          "single-math-v1",
          "single-v1-multi-turn",
          "single-math-v1-multi-turn");
  private static final String LANGUAGE_CLAUSE =
      "Your evaluation should also consider whether the prompt responded in the correct language"
          + " and the fluency and naturalness of this response.";

  @TempDir Path dir;

  @Test
  void readsFastChatsEightTemplates() {
    JudgePrompts prompts = JudgePrompts.read(TestData.file("mt-bench/en/judge_prompts.jsonl"));

    assertThat(prompts.all()).extracting(JudgePrompt::name).containsExactlyElementsOf(NAMES);
    assertThat(prompts.all())
        .extracting(JudgePrompt::type)
        .containsExactly(
            "pairwise", "pairwise", "pairwise", "pairwise", "single", "single", "single", "single");
    assertThat(prompts.all())
        .extracting(JudgePrompt::outputFormat)
        .containsExactly(
            "[[A]]",
            "[[A]]",
            "[[A]]",
            "[[A]]",
            "[[rating]]",
            "[[rating]]",
            "[[rating]]",
            "[[rating]]");
    assertThat(prompts.all())
        .extracting(JudgePrompt::category)
        .containsExactly(
            "general", "general", "math", "general", "general", "math", "general", "math");
    JudgePrompt single = prompts.byName("single-v1").orElseThrow();
    assertThat(single.systemPrompt()).isEqualTo("You are a helpful assistant.");
    assertThat(single.promptTemplate())
        .startsWith("[Instruction]\n")
        .contains("\"[[rating]]\"")
        .endsWith("[The Start of Assistant's Answer]\n{answer}\n[The End of Assistant's Answer]");
    assertThat(prompts.all()).noneMatch(p -> p.systemPrompt().contains(LANGUAGE_CLAUSE));
  }

  @Test
  void ruMtBenchUsesFastChatsTemplatesUnchanged() {
    assertThat(JudgePrompts.read(TestData.file("mt-bench/ru-nlpcore/judge_prompts.jsonl")).all())
        .isEqualTo(JudgePrompts.read(TestData.file("mt-bench/en/judge_prompts.jsonl")).all());
  }

  @Test
  void lightbluesTemplatesAlsoAskAboutLanguageAndFluency() {
    JudgePrompts english = JudgePrompts.read(TestData.file("mt-bench/en/judge_prompts.jsonl"));
    JudgePrompts lightblue =
        JudgePrompts.read(TestData.file("mt-bench/ru-lightblue/judge_prompts.jsonl"));

    assertThat(lightblue.all()).extracting(JudgePrompt::name).containsExactlyElementsOf(NAMES);
    for (JudgePrompt prompt : lightblue.all()) {
      String text = prompt.systemPrompt() + prompt.promptTemplate();
      assertThat(text).as(prompt.name()).containsOnlyOnce(LANGUAGE_CLAUSE);
      JudgePrompt original = english.byName(prompt.name()).orElseThrow();
      assertThat(text.replace(LANGUAGE_CLAUSE + " ", ""))
          .as(prompt.name())
          .isEqualTo(original.systemPrompt() + original.promptTemplate());
    }
  }

  @Test
  void picksTheTemplateFastChatGradesATurnWith() {
    JudgePrompts prompts = JudgePrompts.read(TestData.file("mt-bench/en/judge_prompts.jsonl"));

    assertThat(prompts.single(false, 1).name()).isEqualTo("single-v1");
    assertThat(prompts.single(true, 1).name()).isEqualTo("single-math-v1");
    assertThat(prompts.single(false, 2).name()).isEqualTo("single-v1-multi-turn");
    assertThat(prompts.single(true, 2).name()).isEqualTo("single-math-v1-multi-turn");
  }

  private static String row(String name, String type, String format) {
    return "{\"name\": \""
        + name
        + "\", \"type\": \""
        + type
        + "\", \"system_prompt\": \"s\", \"prompt_template\": \"{question}\", \"description\": \"d\","
        + " \"category\": \"general\", \"output_format\": \""
        + format
        + "\"}\n";
  }

  @Test
  void failsWithoutTheFourSingleTemplates() throws IOException {
    Path file =
        Files.writeString(
            dir.resolve("judge_prompts.jsonl"),
            row("single-v1", "single", "[[rating]]")
                + row("single-math-v1", "single", "[[rating]]")
                + row("single-v1-multi-turn", "single", "[[rating]]"));

    assertThatThrownBy(() -> JudgePrompts.read(file))
        .isInstanceOf(BenchException.class)
        .hasMessage(file + " has no judge prompt named \"single-math-v1-multi-turn\"");
  }

  @Test
  void failsWhenASingleTemplateAsksForAnotherVerdict() throws IOException {
    Path file =
        Files.writeString(
            dir.resolve("judge_prompts.jsonl"),
            row("single-v1", "single", "[[rating_a,rating_b]]")
                + row("single-math-v1", "single", "[[rating]]")
                + row("single-v1-multi-turn", "single", "[[rating]]")
                + row("single-math-v1-multi-turn", "single", "[[rating]]"));

    assertThatThrownBy(() -> JudgePrompts.read(file))
        .hasMessage(
            file
                + ": judge prompt \"single-v1\" must be of type single with output format"
                + " [[rating]], not single with [[rating_a,rating_b]]");
  }

  @Test
  void failsOnATemplateListedTwice() throws IOException {
    Path file =
        Files.writeString(
            dir.resolve("judge_prompts.jsonl"),
            row("single-v1", "single", "[[rating]]") + row("single-v1", "single", "[[rating]]"));

    assertThatThrownBy(() -> JudgePrompts.read(file))
        .hasMessage("judge_prompts.jsonl line 2: judge prompt \"single-v1\" appears twice");
  }
}
