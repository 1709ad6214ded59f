package dev.samovar.bench.mt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.samovar.client.Json;
import dev.samovar.models.testdata.TestData;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Judge prompts as the judge receives them, against golden files written from FastChat's template
 * rules (Python str.format: fields replaced by the values as they are, braces in values kept). The
 * golden files hold the structure; the prose of each template file («system_prompt» and the
 * «instruction» paragraph of the turn-1 templates) is filled in from the file under test, so that
 * the same goldens check the English and both Russian template files.
 */
class JudgeMatchTest {
  private static final Question QUESTION =
      new Question(
          111, "math", List.of("Solve {x} + 1 = 3 for x.", "Now double {x}; show the work."));
  private static final Answer ANSWER =
      new Answer(111, "id", "samovar", List.of("x = 2, since {x} + 1 = 3.", "2 * 2 = 4 {done} }{"));
  private static final Answer REFERENCE = new Answer(111, "ref", "gpt-4", List.of("x = 2", "4"));

  private static String golden(String name) throws IOException {
    try (InputStream in = JudgeMatchTest.class.getResourceAsStream("golden/" + name + ".txt")) {
      assertThat(in).as("golden file %s", name).isNotNull();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  /** The golden text with the template file's own prose filled in. */
  private static String expected(JudgePrompt prompt) throws IOException {
    String text = golden(prompt.name()).replace("«system_prompt»", prompt.systemPrompt());
    String template = prompt.promptTemplate();
    if (template.startsWith("[Instruction]\n")) {
      text =
          text.replace(
              "«instruction»",
              template.substring("[Instruction]\n".length(), template.indexOf("\n\n[Question]")));
    }
    return text;
  }

  private static String rendered(JudgeMatch match) {
    var messages = match.request("gpt-4").messages();
    assertThat(messages).extracting(m -> m.role()).containsExactly("system", "user");
    return "--- system ---\n"
        + messages.get(0).content()
        + "\n--- user ---\n"
        + messages.get(1).content()
        + "\n";
  }

  @ParameterizedTest(name = "{0} {1} turn {2}")
  @CsvSource({
    "en, single-v1, 1, false",
    "en, single-math-v1, 1, true",
    "en, single-v1-multi-turn, 2, false",
    "en, single-math-v1-multi-turn, 2, true",
    "ru-nlpcore, single-v1, 1, false",
    "ru-nlpcore, single-math-v1, 1, true",
    "ru-nlpcore, single-v1-multi-turn, 2, false",
    "ru-nlpcore, single-math-v1-multi-turn, 2, true",
    "ru-lightblue, single-v1, 1, false",
    "ru-lightblue, single-math-v1, 1, true",
    "ru-lightblue, single-v1-multi-turn, 2, false",
    "ru-lightblue, single-math-v1-multi-turn, 2, true"
  })
  void rendersEveryTemplateAsFastChatDoes(String set, String name, int turn, boolean withReference)
      throws IOException {
    JudgePrompts prompts =
        JudgePrompts.read(TestData.file("mt-bench/" + set + "/judge_prompts.jsonl"));
    JudgePrompt prompt = prompts.single(withReference, turn);
    assertThat(prompt.name()).isEqualTo(name);

    JudgeMatch match =
        new JudgeMatch(
            QUESTION,
            ANSWER,
            turn,
            prompt,
            withReference ? Optional.of(REFERENCE) : Optional.empty());

    assertThat(rendered(match)).isEqualTo(expected(prompt));
  }

  @Test
  void sendsTheJudgeCallFastChatSends() throws IOException {
    JudgePrompt prompt =
        JudgePrompts.read(TestData.file("mt-bench/en/judge_prompts.jsonl")).single(false, 1);
    JudgeMatch match = new JudgeMatch(QUESTION, ANSWER, 1, prompt, Optional.empty());

    assertThat(Json.line(match.request("gpt-4").toJson()))
        .isEqualTo(
            "{\"model\":\"gpt-4\",\"messages\":[{\"role\":\"system\",\"content\":\"You are a helpful"
                + " assistant.\"},{\"role\":\"user\",\"content\":"
                + Json.MAPPER.writeValueAsString(match.userPrompt())
                + "}],\"n\":1,\"temperature\":0.0,\"max_tokens\":2048}");
  }

  @Test
  void turnsTheJudgesTextIntoAJudgmentRow() {
    JudgePrompt prompt =
        JudgePrompts.read(TestData.file("mt-bench/en/judge_prompts.jsonl")).single(true, 2);
    JudgeMatch match = new JudgeMatch(QUESTION, ANSWER, 2, prompt, Optional.of(REFERENCE));

    Judgment judgment = match.judgment("gpt-4", "Correct.\n\nRating: [[9]]");

    assertThat(judgment)
        .isEqualTo(
            new Judgment(
                111,
                "samovar",
                "gpt-4",
                "single-math-v1-multi-turn",
                match.userPrompt(),
                "Correct.\n\nRating: [[9]]",
                new Score(9L),
                2));
  }

  @Test
  void aTemplateAskingForAMissingValueFails() {
    JudgePrompt prompt =
        JudgePrompts.read(TestData.file("mt-bench/en/judge_prompts.jsonl")).single(true, 1);
    JudgeMatch withoutReference = new JudgeMatch(QUESTION, ANSWER, 1, prompt, Optional.empty());

    assertThatThrownBy(withoutReference::userPrompt)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("no value for {ref_answer_1}");
  }
}
