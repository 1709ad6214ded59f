package dev.samovar.bench.mt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.samovar.client.Json;
import dev.samovar.models.testdata.TestData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AnswerTest {
  @TempDir Path dir;

  @Test
  void readsFastChatsGpt4ReferenceAnswers() {
    List<Answer> references = Answer.read(TestData.file("mt-bench/en/reference_gpt-4.jsonl"));

    assertThat(references)
        .extracting(Answer::questionId)
        .containsExactlyElementsOf(IntStream.rangeClosed(101, 130).boxed().toList());
    assertThat(references).allSatisfy(a -> assertThat(a.modelId()).isEqualTo("gpt-4"));
    assertThat(references).allSatisfy(a -> assertThat(a.turns()).hasSize(2));
    assertThat(references.getFirst().turns().getFirst())
        .startsWith(
            "If you have just overtaken the second person, your current position is now second place.");
  }

  @Test
  void readsRuMtBenchsTranslatedReferenceAnswers() {
    References references =
        References.read(TestData.file("mt-bench/ru-nlpcore/reference_gpt-4.jsonl"));

    assertThat(references.size()).isEqualTo(40);
    assertThat(references.forQuestion(101).orElseThrow().turns())
        .containsExactly("Вы на втором месте.", "Не определено.");
    assertThat(references.forQuestion(101).orElseThrow().modelId()).isEqualTo("human");
    assertThat(references.forQuestion(81)).isEmpty();
    assertThat(references.forQuestion(112).orElseThrow().turns()).containsExactly("12000", "2000");
    assertThat(references.forQuestion(113).orElseThrow().turns()).containsExactly("0.19", "0");
  }

  @Test
  void writesFastChatsAnswerRow() {
    Answer answer = new Answer(81, "TFomieEmmAgdeCkvmuvwbc", "samovar", List.of("один", "two"));

    assertThat(Json.line(answer.toJson(Instant.ofEpochSecond(1686286924, 844282123))))
        .isEqualTo(
            "{\"question_id\":81,\"answer_id\":\"TFomieEmmAgdeCkvmuvwbc\",\"model_id\":\"samovar\","
                + "\"choices\":[{\"index\":0,\"turns\":[\"один\",\"two\"]}],"
                + "\"tstamp\":1686286924.844282}");
  }

  @Test
  void newAnswersGetShortUuidStyleIds() {
    Answer first = Answer.create(81, "m", List.of("a"));
    Answer second = Answer.create(81, "m", List.of("a"));

    assertThat(first.answerId()).hasSize(22).matches("[2-9A-HJ-NP-Za-km-z]{22}");
    assertThat(first.answerId()).isNotEqualTo(second.answerId());
  }

  @Test
  void readsItsOwnRowsBack() throws IOException {
    Answer answer = new Answer(82, "id", "samovar", List.of("a", "b"));
    Path file =
        Files.writeString(dir.resolve("a.jsonl"), Json.line(answer.toJson(Instant.EPOCH)) + "\n");

    assertThat(Answer.read(file)).containsExactly(answer);
  }

  @Test
  void namesTheLineAtFault() throws IOException {
    Path file =
        Files.writeString(
            dir.resolve("a.jsonl"),
            "{\"question_id\": 81, \"model_id\": \"m\", \"choices\": []}\n");

    assertThatThrownBy(() -> Answer.read(file))
        .hasMessage("a.jsonl line 1: \"choices\" must be a non-empty array of objects");
  }
}
