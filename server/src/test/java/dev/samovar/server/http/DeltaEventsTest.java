package dev.samovar.server.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.samovar.server.api.ChatCompletionFormat;
import dev.samovar.server.api.CompletionFormat;
import dev.samovar.server.api.TextCompletionFormat;
import dev.samovar.server.api.tools.ToolSet;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class DeltaEventsTest {
  private static final List<String> TEXTS =
      List.of(
          "Hello",
          " привет",
          "ё",
          "🙂",
          "a\"b\\c/d",
          "line\nnext\ttab\r",
          "\u0000\u0001\u001f\u007f",
          "\u2028\u2029",
          "</script>",
          "\u0001samovar-delta\u0001",
          "x");

  static Stream<CompletionFormat> formats() {
    return Stream.of(
        new ChatCompletionFormat("chatcmpl-1", 1_700_000_000L, "tiny", false, false, ToolSet.NONE),
        new ChatCompletionFormat(
            "chatcmpl-2", 1_700_000_001L, "модель \"q\"", true, false, ToolSet.NONE),
        new TextCompletionFormat("cmpl-3", 1_700_000_002L, "tiny", false, false),
        new TextCompletionFormat("cmpl-4", 1_700_000_003L, "tiny", true, false));
  }

  @ParameterizedTest
  @MethodSource("formats")
  void eventsAreTheBytesOfTheSerializedDeltaChunk(CompletionFormat format) throws Exception {
    DeltaEvents events = new DeltaEvents(format);
    for (int index : new int[] {0, 2, 0}) {
      for (String text : TEXTS) {
        assertThat(new String(events.event(index, text), "UTF-8"))
            .isEqualTo(
                new String(
                    SseEvents.data(format.delta(index, text, List.of()).getFirst()), "UTF-8"));
      }
    }
  }

  @ParameterizedTest
  @MethodSource("formats")
  void randomTextsOfEveryPlaneAreEncodedAsTheSerializerDoes(CompletionFormat format)
      throws Exception {
    DeltaEvents events = new DeltaEvents(format);
    Random random = new Random(7);
    int[][] ranges = {
      {0, 0x80}, {0x80, 0x800}, {0x400, 0x500}, {0x800, 0xD800}, {0x10000, 0x1FAFF}
    };
    for (int i = 0; i < 500; i++) {
      StringBuilder text = new StringBuilder();
      for (int n = random.nextInt(6); n >= 0; n--) {
        int[] range = ranges[random.nextInt(ranges.length)];
        text.appendCodePoint(range[0] + random.nextInt(range[1] - range[0]));
      }
      int index = random.nextInt(3);
      assertThat(events.event(index, text.toString()))
          .isEqualTo(SseEvents.data(format.delta(index, text.toString(), List.of()).getFirst()));
    }
  }

  @Test
  void aFormatWithLogprobsIsNotTemplated() {
    assertThatThrownBy(
            () -> new DeltaEvents(new TextCompletionFormat("c", 1L, "tiny", false, true)))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
