package dev.samovar.bench.mt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.groups.Tuple.tuple;

import dev.samovar.bench.BenchException;
import dev.samovar.models.testdata.TestData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class QuestionSetTest {
  @TempDir Path dir;

  private static Map<String, Long> categoryCounts(QuestionSet set) {
    return set.questions().stream()
        .collect(
            Collectors.groupingBy(Question::category, LinkedHashMap::new, Collectors.counting()));
  }

  @Test
  void readsFastChatsEnglishMtBench() {
    QuestionSet set = QuestionSet.read(TestData.file("mt-bench/en/question.jsonl"));

    assertThat(set.size()).isEqualTo(80);
    assertThat(set.questions())
        .extracting(Question::id)
        .containsExactlyElementsOf(IntStream.rangeClosed(81, 160).boxed().toList());
    assertThat(categoryCounts(set))
        .containsExactly(
            Map.entry("writing", 10L),
            Map.entry("roleplay", 10L),
            Map.entry("reasoning", 10L),
            Map.entry("math", 10L),
            Map.entry("coding", 10L),
            Map.entry("extraction", 10L),
            Map.entry("stem", 10L),
            Map.entry("humanities", 10L));
    assertThat(set.questions()).allSatisfy(q -> assertThat(q.turns()).hasSize(2));
    assertThat(set.questions())
        .allSatisfy(q -> assertThat(MtBench.categoryOf(q.id())).contains(q.category()));
    assertThat(set.byId(81).orElseThrow().turns())
        .containsExactly(
            "Compose an engaging travel blog post about a recent trip to Hawaii, highlighting"
                + " cultural experiences and must-see attractions.",
            "Rewrite your previous response. Start every sentence with the letter A.");
  }

  @Test
  void readsNlpCoreTeamsRuMtBenchWithTheSameIdsAndCategories() {
    QuestionSet english = QuestionSet.read(TestData.file("mt-bench/en/question.jsonl"));
    QuestionSet russian = QuestionSet.read(TestData.file("mt-bench/ru-nlpcore/question.jsonl"));

    assertThat(russian.size()).isEqualTo(80);
    assertThat(russian.questions())
        .extracting(Question::id, Question::category)
        .containsExactlyElementsOf(
            english.questions().stream().map(q -> tuple(q.id(), q.category())).toList());
    assertThat(russian.questions()).allSatisfy(q -> assertThat(q.turns()).hasSize(2));
    assertThat(russian.byId(81).orElseThrow().turns().get(0))
        .startsWith(
            "Составьте увлекательный пост для туристического блога о недавней поездке на Гавайи");
  }

  @Test
  void readsLightbluesRussianSetOfFiftyQuestionsWithoutMathReasoningOrCoding() {
    QuestionSet set = QuestionSet.read(TestData.file("mt-bench/ru-lightblue/question.jsonl"));

    assertThat(set.size()).isEqualTo(50);
    assertThat(categoryCounts(set))
        .containsExactly(
            Map.entry("writing", 10L),
            Map.entry("roleplay", 10L),
            Map.entry("extraction", 10L),
            Map.entry("stem", 10L),
            Map.entry("humanities", 10L));
    assertThat(set.questions())
        .allSatisfy(q -> assertThat(MtBench.categoryOf(q.id())).contains(q.category()));
    assertThat(set.questions()).allSatisfy(q -> assertThat(q.turns()).hasSize(2));
    assertThat(set.byId(81).orElseThrow().turns().get(0))
        .startsWith("Напишите интересный пост в блоге о недавней поездке на Гавайи");
  }

  private Path file(String... lines) throws IOException {
    return Files.writeString(dir.resolve("q.jsonl"), String.join("\n", lines) + "\n");
  }

  @Test
  void ignoresBlankLinesAndOtherFields() throws IOException {
    QuestionSet set =
        QuestionSet.read(
            file(
                "{\"question_id\": 1, \"category\": \"math\", \"turns\": [\"a\", \"b\"], \"reference\": [\"r\"]}",
                "",
                "{\"question_id\": 2, \"category\": \"x\", \"turns\": [\"c\"]}"));

    assertThat(set.questions())
        .containsExactly(
            new Question(1, "math", List.of("a", "b")), new Question(2, "x", List.of("c")));
  }

  @Test
  void namesTheLineAndFieldAtFault() throws IOException {
    assertThatThrownBy(() -> QuestionSet.read(file("{\"question_id\": 1, \"turns\": [\"a\"]}")))
        .isInstanceOf(BenchException.class)
        .hasMessage("q.jsonl line 1: missing field \"category\"");
    assertThatThrownBy(
            () ->
                QuestionSet.read(
                    file(
                        "{\"question_id\": 1, \"category\": \"c\", \"turns\": [\"a\"]}",
                        "{\"question_id\": \"2\", \"category\": \"c\", \"turns\": [\"a\"]}")))
        .hasMessage("q.jsonl line 2: \"question_id\" must be an integer, not \"2\"");
    assertThatThrownBy(
            () ->
                QuestionSet.read(file("{\"question_id\": 1, \"category\": \"c\", \"turns\": []}")))
        .hasMessage("q.jsonl line 1: \"turns\" must be a non-empty array of strings");
    assertThatThrownBy(
            () ->
                QuestionSet.read(
                    file("{\"question_id\": 1, \"category\": \"c\", \"turns\": [\"a\", {}]}")))
        .hasMessage("q.jsonl line 1: \"turns\" must hold strings only, not {}");
    assertThatThrownBy(() -> QuestionSet.read(file("{\"question_id\": 1,")))
        .hasMessageStartingWith("q.jsonl line 1: not valid JSON: ");
    assertThatThrownBy(() -> QuestionSet.read(file("[1, 2]")))
        .hasMessage("q.jsonl line 1: expected a JSON object");
    assertThatThrownBy(
            () ->
                QuestionSet.read(
                    file(
                        "{\"question_id\": 7, \"category\": \"c\", \"turns\": [\"a\"]}",
                        "{\"question_id\": 7, \"category\": \"c\", \"turns\": [\"b\"]}")))
        .hasMessage("q.jsonl line 2: question_id 7 appears twice");
    assertThatThrownBy(() -> QuestionSet.read(file("")))
        .hasMessage(dir.resolve("q.jsonl") + " holds no questions");
    assertThatThrownBy(() -> QuestionSet.read(dir.resolve("missing.jsonl")))
        .hasMessage("no such file: " + dir.resolve("missing.jsonl"));
  }
}
