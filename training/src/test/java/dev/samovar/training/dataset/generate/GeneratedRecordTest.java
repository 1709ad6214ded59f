package dev.samovar.training.dataset.generate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.samovar.client.Json;
import dev.samovar.client.Usage;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class GeneratedRecordTest {
  private static final GeneratedRecord TWO_TURNS =
      new GeneratedRecord(
          "p1",
          "Russian",
          "gpt-4o",
          List.of(
              new GeneratedRecord.Turn("Привет", "Здравствуйте!", Optional.of("stop")),
              new GeneratedRecord.Turn("Ещё?", "Да", Optional.of("length"))),
          Optional.of(new Usage(30, 7)));

  @Test
  void writesShareGptStartingWithHumanAndEndingWithTheAnswer() {
    assertThat(Json.line(TWO_TURNS.toShareGpt()))
        .isEqualTo(
            "{\"id\":\"p1\",\"conversations\":[{\"from\":\"human\",\"value\":\"Привет\"},"
                + "{\"from\":\"gpt\",\"value\":\"Здравствуйте!\"},{\"from\":\"human\",\"value\":"
                + "\"Ещё?\"},{\"from\":\"gpt\",\"value\":\"Да\"}],\"language\":\"Russian\","
                + "\"teacher\":\"gpt-4o\",\"finish_reasons\":[\"stop\",\"length\"],"
                + "\"usage\":{\"prompt_tokens\":30,\"completion_tokens\":7}}");
  }

  @Test
  void writesOpenAiMessages() {
    assertThat(Json.line(TWO_TURNS.toMessages()))
        .isEqualTo(
            "{\"id\":\"p1\",\"messages\":[{\"role\":\"user\",\"content\":\"Привет\"},"
                + "{\"role\":\"assistant\",\"content\":\"Здравствуйте!\"},{\"role\":\"user\","
                + "\"content\":\"Ещё?\"},{\"role\":\"assistant\",\"content\":\"Да\"}],"
                + "\"language\":\"Russian\"}");
  }

  @Test
  void readsBackWhatItWrote() {
    assertThat(GeneratedRecord.fromShareGpt(TWO_TURNS.toShareGpt(), "out line 1"))
        .isEqualTo(TWO_TURNS);
    GeneratedRecord noUsage =
        new GeneratedRecord(
            "p2",
            "Russian",
            "t",
            List.of(new GeneratedRecord.Turn("a", "b", Optional.empty())),
            Optional.empty());
    assertThat(Json.line(noUsage.toShareGpt()))
        .isEqualTo(
            "{\"id\":\"p2\",\"conversations\":[{\"from\":\"human\",\"value\":\"a\"},{\"from\":"
                + "\"gpt\",\"value\":\"b\"}],\"language\":\"Russian\",\"teacher\":\"t\","
                + "\"finish_reasons\":[null]}");
    assertThat(GeneratedRecord.fromShareGpt(noUsage.toShareGpt(), "out line 2")).isEqualTo(noUsage);
  }

  @Test
  void truncatedWhenAnAnswerEndedAtTheTokenLimit() {
    assertThat(TWO_TURNS.truncated()).isTrue();
    assertThat(
            new GeneratedRecord(
                    "p",
                    "Russian",
                    "t",
                    List.of(new GeneratedRecord.Turn("a", "b", Optional.of("stop"))),
                    Optional.empty())
                .truncated())
        .isFalse();
  }

  @Test
  void refusesARowThatIsNotHumanGptPairs() throws Exception {
    assertThatThrownBy(
            () ->
                GeneratedRecord.fromShareGpt(
                    Json.MAPPER.readTree(
                        "{\"id\":\"p\",\"conversations\":[{\"from\":\"gpt\",\"value\":\"x\"},"
                            + "{\"from\":\"human\",\"value\":\"y\"}],\"language\":\"Russian\","
                            + "\"teacher\":\"t\"}"),
                    "out.jsonl line 3"))
        .hasMessage(
            "out.jsonl line 3: \"conversations\" must alternate human and gpt turns with a string"
                + " value");
    assertThatThrownBy(
            () ->
                GeneratedRecord.fromShareGpt(
                    Json.MAPPER.readTree(
                        "{\"id\":\"p\",\"conversations\":[{\"from\":\"human\",\"value\":\"x\"},"
                            + "{\"from\":\"gpt\",\"value\":\"y\"}],\"language\":\"Russian\"}"),
                    "out.jsonl line 4"))
        .hasMessage("out.jsonl line 4: \"teacher\" must be a string");
  }
}
