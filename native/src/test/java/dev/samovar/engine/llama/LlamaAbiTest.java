package dev.samovar.engine.llama;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.samovar.engine.EngineException;
import java.util.Set;
import org.junit.jupiter.api.Test;

class LlamaAbiTest {

  @Test
  void aLibraryWithLlamaVersionSaysItsRelease() {
    Set<String> exports = Set.of("llama_version", "llama_get_memory");
    assertThat(LlamaAbi.of(exports::contains, () -> "0.5.0-dev")).isEqualTo(LlamaAbi.V0_5);
    assertThat(LlamaAbi.of(exports::contains, () -> "0.5.0")).isEqualTo(LlamaAbi.V0_5);
    assertThat(LlamaAbi.of(exports::contains, () -> "v0.5.3")).isEqualTo(LlamaAbi.V0_5);
  }

  @Test
  void anotherReleaseIsRefusedWithItsVersion() {
    Set<String> exports = Set.of("llama_version");
    assertThatThrownBy(() -> LlamaAbi.of(exports::contains, () -> "0.6.0"))
        .isInstanceOf(EngineException.class)
        .hasMessage(
            "the native library is llama.cpp 0.6.0; samovar binds llama.cpp 0.5.x and b4916"
                + " (de.kherud:llama 4.2.0)");
  }

  @Test
  void withoutLlamaVersionOnlyB4916sKvCallsMakeItB4916() {
    assertThat(
            LlamaAbi.of(
                Set.of("llama_kv_self_clear")::contains,
                () -> {
                  throw new AssertionError("b4916 has no llama_version");
                }))
        .isEqualTo(LlamaAbi.B4916);
    assertThatThrownBy(() -> LlamaAbi.of(Set.of("llama_decode")::contains, () -> "?"))
        .isInstanceOf(EngineException.class)
        .hasMessageContaining("exports neither llama_version");
  }

  @Test
  void theDefaultsNameOnlyFieldsOfTheirLayout() {
    for (LlamaAbi abi : LlamaAbi.values()) {
      for (String field : abi.modelDefaults().keySet()) {
        assertThat(LlamaLibrary.offset(abi.modelParams(), field)).isNotNegative();
      }
      for (String field : abi.contextDefaults().keySet()) {
        assertThat(LlamaLibrary.offset(abi.contextParams(), field)).isNotNegative();
      }
    }
  }
}
