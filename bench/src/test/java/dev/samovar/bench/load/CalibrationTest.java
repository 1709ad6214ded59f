package dev.samovar.bench.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.samovar.bench.BenchException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** Calibration against targets that count prompt tokens in known ways. */
class CalibrationTest {
  /** A target that counts {@code base} tokens plus {@code perWord} per word of the prompt. */
  private static FakeTarget counting(int base, double perWord) {
    return new FakeTarget(
        "counting",
        request -> {
          String text = request.messages().getFirst().content();
          int words = text.split(" ").length - 1;
          return FakeTarget.completed(base + (int) Math.round(words * perWord), 1);
        });
  }

  private static Calibration calibration(Target target, StringWriter notes) {
    return new Calibration(target, 3, true, 0, new PrintWriter(notes));
  }

  @Test
  void hitsTheTokenCountWhenEachWordIsOneToken() throws Exception {
    FakeTarget target = counting(20, 1);
    StringWriter notes = new StringWriter();

    Calibration.Result result = calibration(target, notes).calibrate(500);

    assertThat(result.promptTokens()).hasValue(500);
    assertThat(result.prompts().words()).isEqualTo(480);
    assertThat(target.texts()).hasSize(3);
    assertThat(notes.toString())
        .isEqualTo("calibrated synthetic prompts: 480 words = 500 prompt tokens (asked 500)\n");
  }

  @Test
  void comesWithinOnePercentWhenWordsAreSeveralTokens() throws Exception {
    Calibration.Result result = calibration(counting(31, 2.7), new StringWriter()).calibrate(1000);

    assertThat(result.promptTokens().getAsInt()).isBetween(990, 1010);
  }

  @Test
  void failsWhenThePromptCannotBeThatShort() {
    assertThatThrownBy(() -> calibration(counting(40, 1), new StringWriter()).calibrate(30))
        .isInstanceOf(BenchException.class)
        .hasMessage(
            "a synthetic prompt without words is already 40 prompt tokens (chat template and"
                + " request number); ask for --input-tokens > 40");
  }

  @Test
  void aFailedProbeStopsTheRunWithItsReason() {
    FakeTarget failing =
        new FakeTarget("down", request -> new Outcome.Failed("HTTP 500", "HTTP 500: boom"));

    assertThatThrownBy(() -> calibration(failing, new StringWriter()).calibrate(100))
        .isInstanceOf(BenchException.class)
        .hasMessage("calibrating the prompt length against fake://down failed: HTTP 500: boom");
  }

  @Test
  void withoutUsageItSaysSoAndUsesOneWordPerToken() throws Exception {
    FakeTarget silent =
        new FakeTarget(
            "silent",
            request -> new Outcome.Completed(0, new long[] {1}, 2, OptionalInt.empty(), 1, false));
    StringWriter notes = new StringWriter();

    Calibration.Result result = calibration(silent, notes).calibrate(64);

    assertThat(result.promptTokens()).isEmpty();
    assertThat(result.prompts().words()).isEqualTo(64);
    assertThat(notes.toString())
        .isEqualTo("the target reports no usage.prompt_tokens: cannot calibrate; using 64 words\n");
  }
}
