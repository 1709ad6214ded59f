package dev.samovar.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class EnginesTest {

  @Test
  void withoutAnImplementationOnTheClassPathLoadingSaysWhatIsMissing() {
    assertThatThrownBy(() -> Engines.load(EngineConfig.of(Path.of("m.gguf"), "m")))
        .isInstanceOf(EngineException.class)
        .hasMessage("no inference engine on the class path (samovar-native provides one)");
  }

  @Test
  void settingsOutOfRangeNameTheirFlag() {
    assertThatThrownBy(() -> EngineSettings.cpu(-1, 1, 0))
        .isInstanceOfSatisfying(
            InvalidSettingException.class, e -> assertThat(e.setting()).isEqualTo("ctx-size"))
        .hasMessage("ctx-size must be >= 0: -1");
    assertThatThrownBy(() -> EngineSettings.cpu(0, 0, 0)).hasMessage("parallel must be >= 1: 0");
    assertThatThrownBy(() -> EngineSettings.cpu(0, 1, -2)).hasMessage("threads must be >= 0: -2");
    assertThatThrownBy(() -> EngineSettings.cpu(0, 1, 0).withPromptCache(-2))
        .hasMessage("cache-ram must be -1 (no bound), 0 (none) or more: -2 bytes");
  }

  @Test
  void aSettingThatDoesNotParseKeepsItsReasonAfterTheName() {
    assertThat(new InvalidSettingException("backend", ": unknown backend 'x'"))
        .hasMessage("backend: unknown backend 'x'");
    assertThatThrownBy(
            () ->
                InvalidSettingException.duration(
                    "keep-alive", Duration.ZERO, false, Duration.ofDays(7)))
        .hasMessage("keep-alive must be in [1, 604800] seconds: 0");
    assertThatThrownBy(
            () ->
                InvalidSettingException.duration(
                    "shutdown-grace", Duration.ofSeconds(-1), true, Duration.ofDays(7)))
        .hasMessage("shutdown-grace must be in [0, 604800] seconds: -1");
  }
}
