package dev.samovar.training.dataset.select;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.List;
import org.junit.jupiter.api.Test;

class RowParserTest {

  @Test
  void readsTheHumanTurnsInOrderAndDropsTheGptOnes() throws Exception {
    SourceRow row = RowParser.parse(TagengoRows.row("c1", "Russian", "ru", "Привет", "Как дела?"));
    assertThat(row).isEqualTo(new SourceRow("c1", "ru", List.of("Привет", "Как дела?")));
    assertThat(row.empty()).isFalse();
  }

  @Test
  void theDetectedLanguageWinsOverTheNamedOne() throws Exception {
    assertThat(RowParser.parse(TagengoRows.row("c1", "Russian", "en", "Hi")).lang())
        .isEqualTo("en");
    assertThat(RowParser.parse(TagengoRows.row("c1", "Chinese", "zh-CN", "你好")).lang())
        .isEqualTo("zh");
  }

  @Test
  void withoutADetectedLanguageTheNamedOneIsMapped() throws Exception {
    assertThat(RowParser.parse(TagengoRows.row("c1", "russian", null, "Привет")).lang())
        .isEqualTo("ru");
    assertThat(
            RowParser.parse(
                    "{\"conversation_id\":\"c\",\"language\":\"Japanese\","
                        + "\"conversations\":[{\"from\":\"human\",\"value\":\"x\"}]}")
                .lang())
        .isEqualTo("ja");
  }

  @Test
  void anIntegerIdIsTakenAsText() throws Exception {
    assertThat(
            RowParser.parse(
                    "{\"conversation_id\":17,\"language\":\"English\","
                        + "\"conversations\":[{\"from\":\"human\",\"value\":\"x\"}]}")
                .id())
        .isEqualTo("17");
  }

  @Test
  void emptyPromptsAreWellFormedButEmpty() throws Exception {
    assertThat(RowParser.parse(TagengoRows.row("c1", "English", "en")).empty()).isTrue();
    assertThat(RowParser.parse(TagengoRows.row("c1", "English", "en", "Hi", " \n")).empty())
        .isTrue();
  }

  @Test
  void saysWhatIsWrongWithAMalformedRow() {
    String conversation = "\"conversations\":[{\"from\":\"human\",\"value\":\"x\"}]";
    String english = "\"language\":\"English\"";
    assertMalformed("{\"conversation_id\":", null, "not valid JSON: ");
    assertMalformed("[1, 2]", null, "expected a JSON object");
    assertMalformed(
        "{\"conversation_id\":\"c\"," + conversation + "}",
        null,
        "no \"lang_detect_result\" and no \"language\"");
    assertMalformed(
        "{\"conversation_id\":\"c\",\"language\":\"Klingon\"," + conversation + "}",
        null,
        "unknown \"language\" \"Klingon\" and no \"lang_detect_result\"");
    assertMalformed(
        "{\"conversation_id\":\"c\",\"language\":7," + conversation + "}",
        null,
        "\"language\" must be a string, not 7");
    assertMalformed(
        "{\"conversation_id\":\"c\",\"lang_detect_result\":{\"score\":1}," + conversation + "}",
        null,
        "\"lang_detect_result\" must be an object with a \"lang\" code, not {\"score\":1}");
    assertMalformed(
        "{\"conversation_id\":\"c\",\"lang_detect_result\":\"ru\"," + conversation + "}",
        null,
        "\"lang_detect_result\" must be an object with a \"lang\" code, not \"ru\"");
    assertMalformed("{" + english + "," + conversation + "}", "en", "missing \"conversation_id\"");
    assertMalformed(
        "{\"conversation_id\":\" \"," + english + "," + conversation + "}",
        "en",
        "\"conversation_id\" must be a non-empty string, not \" \"");
    assertMalformed(
        "{\"conversation_id\":[1]," + english + "," + conversation + "}",
        "en",
        "\"conversation_id\" must be a non-empty string, not [1]");
    assertMalformed(
        "{\"conversation_id\":\"c\"," + english + "}",
        "en",
        "\"conversations\" must be a list of turns, not missing");
    assertMalformed(
        "{\"conversation_id\":\"c\"," + english + ",\"conversations\":\"hi\"}",
        "en",
        "\"conversations\" must be a list of turns, not \"hi\"");
    assertMalformed(
        "{\"conversation_id\":\"c\"," + english + ",\"conversations\":[\"hi\"]}",
        "en",
        "conversations[0] must be an object, not \"hi\"");
    assertMalformed(
        "{\"conversation_id\":\"c\"," + english + ",\"conversations\":[{\"value\":\"x\"}]}",
        "en",
        "conversations[0] has no \"from\"");
    assertMalformed(
        "{\"conversation_id\":\"c\","
            + english
            + ",\"conversations\":[{\"from\":\"human\",\"value\":\"x\"},{\"from\":\"gpt\"}]}",
        "en",
        "conversations[1].value must be a string, not missing");
    assertMalformed(
        "{\"conversation_id\":\"c\","
            + english
            + ",\"conversations\":[{\"from\":\"human\",\"value\":null}]}",
        "en",
        "conversations[0].value must be a string, not null");
    assertMalformed(
        "{\"conversation_id\":\"c\","
            + english
            + ",\"conversations\":[{\"from\":\"system\",\"value\":\"x\"}]}",
        "en",
        "conversations[0].from must be \"human\" or \"gpt\", not \"system\"");
  }

  private static void assertMalformed(String json, String lang, String reason) {
    MalformedRowException e =
        catchThrowableOfType(MalformedRowException.class, () -> RowParser.parse(json));
    assertThat(e).as(json).isNotNull();
    if (reason.endsWith(": ")) {
      assertThat(e.getMessage()).startsWith(reason);
    } else {
      assertThat(e.getMessage()).isEqualTo(reason);
    }
    assertThat(e.lang()).isEqualTo(lang);
  }
}
