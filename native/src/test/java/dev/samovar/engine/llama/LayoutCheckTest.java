package dev.samovar.engine.llama;

import static java.lang.foreign.ValueLayout.JAVA_BOOLEAN;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.samovar.engine.EngineException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import org.junit.jupiter.api.Test;

class LayoutCheckTest {

  @Test
  void layoutsHaveTheSizesOfLlamaCppB4916() {
    assertThat(LlamaLibrary.MODEL_PARAMS.byteSize()).isEqualTo(64);
    assertThat(LlamaLibrary.CONTEXT_PARAMS.byteSize()).isEqualTo(120);
    assertThat(LlamaLibrary.BATCH.byteSize()).isEqualTo(56);
    assertThat(LlamaLibrary.CHAT_MESSAGE.byteSize()).isEqualTo(16);
    assertThat(LlamaLibrary.SAMPLER_CHAIN_PARAMS.byteSize()).isEqualTo(1);
    assertThat(LlamaLibrary.offset(LlamaLibrary.CONTEXT_PARAMS, "defrag_thold")).isEqualTo(64);
    assertThat(LlamaLibrary.offset(LlamaLibrary.CONTEXT_PARAMS, "type_k")).isEqualTo(88);
    assertThat(LlamaLibrary.offset(LlamaLibrary.CONTEXT_PARAMS, "type_v")).isEqualTo(92);
    assertThat(LlamaLibrary.offset(LlamaLibrary.CONTEXT_PARAMS, "abort_callback")).isEqualTo(104);
    assertThat(LlamaLibrary.offset(LlamaLibrary.MODEL_PARAMS, "vocab_only")).isEqualTo(56);
    assertThat(LlamaLibrary.offset(LlamaLibrary.BATCH, "logits")).isEqualTo(48);
  }

  @Test
  void aStructWithOtherDefaultsFailsWithTheFieldAndOffset() {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment params = arena.allocate(LlamaLibrary.MODEL_PARAMS);
      params.set(JAVA_INT, 12, 1);
      params.set(JAVA_BOOLEAN, 57, true);
      params.set(JAVA_INT, 8, 99);
      assertThatThrownBy(() -> LayoutCheck.modelDefaults(params))
          .isInstanceOf(EngineException.class)
          .hasMessage(
              "the llama.cpp library does not match samovar's struct layouts (built for llama.cpp"
                  + " b4916 in de.kherud:llama 4.2.0): llama_model_params.n_gpu_layers at offset 8"
                  + " is 99, expected the default 0");
    }
  }

  @Test
  void aShiftedContextStructFails() {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment params = arena.allocate(LlamaLibrary.CONTEXT_PARAMS);
      params.set(JAVA_INT, 4, 512);
      assertThatThrownBy(() -> LayoutCheck.contextDefaults(params))
          .isInstanceOf(EngineException.class)
          .hasMessageEndingWith(
              "llama_context_params.n_ctx at offset 0 is 0, expected the default 512");
    }
  }
}
