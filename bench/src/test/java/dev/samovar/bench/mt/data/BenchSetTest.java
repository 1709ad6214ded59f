package dev.samovar.bench.mt.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import org.junit.jupiter.api.Test;

class BenchSetTest {
  private static URI raw(SourceFile file) {
    return file.uri(SourceFile.GITHUB_RAW);
  }

  @Test
  void pinsFastChatsMtBench() {
    String base =
        "https://raw.githubusercontent.com/lm-sys/FastChat/587d5cfa1609a43d192cedb8441cac3c17db105d/fastchat/llm_judge/data/";
    assertThat(raw(BenchSet.EN.questions())).hasToString(base + "mt_bench/question.jsonl");
    assertThat(raw(BenchSet.EN.judgePrompts())).hasToString(base + "judge_prompts.jsonl");
    assertThat(BenchSet.EN.references("gpt-4").map(BenchSetTest::raw))
        .contains(URI.create(base + "mt_bench/reference_answer/gpt-4.jsonl"));
    assertThat(BenchSet.EN.references("gpt-4o")).isEmpty();
  }

  @Test
  void pinsNlpCoreTeamsRuMtBench() {
    String base =
        "https://raw.githubusercontent.com/NLP-Core-Team/FastChat/1f14944e4149d43b95ec563b3f183cc65a4f1a02/fastchat/llm_judge/data/";
    assertThat(raw(BenchSet.RU.questions())).hasToString(base + "ru_mt_bench/question.jsonl");
    assertThat(raw(BenchSet.RU.judgePrompts())).hasToString(base + "judge_prompts.jsonl");
    assertThat(BenchSet.RU.references("gpt-4").map(BenchSetTest::raw))
        .contains(URI.create(base + "ru_mt_bench/reference_answer/gpt-4.jsonl"));
  }

  @Test
  void pinsLightbluesRussianSet() {
    String base =
        "https://raw.githubusercontent.com/lightblue-tech/multilingual-mt-bench/fce0c700e8cccc5e608d9a1bd4ebb083d81bfb9c/fastchat/llm_judge/data/";
    assertThat(raw(BenchSet.RU_LIGHTBLUE.questions()))
        .hasToString(base + "ru_mt_bench/question.jsonl");
    assertThat(raw(BenchSet.RU_LIGHTBLUE.judgePrompts())).hasToString(base + "judge_prompts.jsonl");
    assertThat(BenchSet.RU_LIGHTBLUE.references("gpt-4")).isEmpty();
    assertThat(BenchSet.RU_LIGHTBLUE.referenceJudges()).isEqualTo("none");
  }

  @Test
  void namesSetsAsBenchTakesThem() {
    assertThat(BenchSet.of("en")).isEqualTo(BenchSet.EN);
    assertThat(BenchSet.of("ru")).isEqualTo(BenchSet.RU);
    assertThat(BenchSet.of("ru-lightblue")).isEqualTo(BenchSet.RU_LIGHTBLUE);
    assertThatThrownBy(() -> BenchSet.of("de"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("unknown question set 'de'; expected one of en, ru, ru-lightblue");
  }
}
