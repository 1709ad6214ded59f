package dev.samovar.engine.llama;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BOOLEAN;
import static java.lang.foreign.ValueLayout.JAVA_FLOAT;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.samovar.engine.EngineException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LayoutCheckTest {

  @Test
  void layoutsHaveTheSizesAndOffsetsOfTheirHeaders() {
    StructLayout model = LlamaAbi.B4916.modelParams();
    StructLayout context = LlamaAbi.B4916.contextParams();
    assertThat(model.byteSize()).isEqualTo(64);
    assertThat(context.byteSize()).isEqualTo(120);
    assertThat(LlamaLibrary.offset(context, "defrag_thold")).isEqualTo(64);
    assertThat(LlamaLibrary.offset(context, "type_k")).isEqualTo(88);
    assertThat(LlamaLibrary.offset(context, "abort_callback")).isEqualTo(104);
    assertThat(LlamaLibrary.offset(model, "vocab_only")).isEqualTo(56);

    model = LlamaAbi.V0_5.modelParams();
    context = LlamaAbi.V0_5.contextParams();
    assertThat(model.byteSize()).isEqualTo(80);
    assertThat(context.byteSize()).isEqualTo(160);
    assertThat(LlamaLibrary.offset(model, "n_gpu_layers")).isEqualTo(16);
    assertThat(LlamaLibrary.offset(model, "tensor_split")).isEqualTo(40);
    assertThat(LlamaLibrary.offset(model, "vocab_only")).isEqualTo(72);
    assertThat(LlamaLibrary.offset(context, "flash_attn_type")).isEqualTo(52);
    assertThat(LlamaLibrary.offset(context, "cb_eval")).isEqualTo(88);
    assertThat(LlamaLibrary.offset(context, "abort_callback")).isEqualTo(112);
    assertThat(LlamaLibrary.offset(context, "kv_unified")).isEqualTo(133);
    assertThat(LlamaLibrary.offset(context, "ctx_other")).isEqualTo(152);

    assertThat(LlamaLibrary.BATCH.byteSize()).isEqualTo(56);
    assertThat(LlamaLibrary.CHAT_MESSAGE.byteSize()).isEqualTo(16);
    assertThat(LlamaLibrary.SAMPLER_CHAIN_PARAMS.byteSize()).isEqualTo(1);
    assertThat(LlamaLibrary.offset(LlamaLibrary.BATCH, "logits")).isEqualTo(48);
    assertThat(LlamaLibrary.DEFAULTS_PROBE.byteSize()).isGreaterThan(2 * context.byteSize());
  }

  @Test
  void eachApisOwnDefaultsPass() {
    for (LlamaAbi abi : LlamaAbi.values()) {
      try (Arena arena = Arena.ofConfined()) {
        assertThatCode(
                () -> {
                  LayoutCheck.defaults(
                      abi,
                      abi.modelParams(),
                      abi.modelDefaults(),
                      written(arena, abi.modelParams(), abi.modelDefaults()));
                  LayoutCheck.defaults(
                      abi,
                      abi.contextParams(),
                      abi.contextDefaults(),
                      written(arena, abi.contextParams(), abi.contextDefaults()));
                })
            .doesNotThrowAnyException();
      }
    }
  }

  @Test
  void theOtherApisStructFailsOnItsSize() {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment v05 =
          written(arena, LlamaAbi.V0_5.modelParams(), LlamaAbi.V0_5.modelDefaults());
      assertThatThrownBy(
              () ->
                  LayoutCheck.defaults(
                      LlamaAbi.B4916,
                      LlamaAbi.B4916.modelParams(),
                      LlamaAbi.B4916.modelDefaults(),
                      v05))
          .isInstanceOf(EngineException.class)
          .hasMessage(
              "the llama.cpp library does not match samovar's struct layouts for llama.cpp b4916:"
                  + " llama_model_params: the library wrote 78 bytes of defaults; the layout has"
                  + " 64");
      MemorySegment b4916 =
          written(arena, LlamaAbi.B4916.contextParams(), LlamaAbi.B4916.contextDefaults());
      assertThatThrownBy(
              () ->
                  LayoutCheck.defaults(
                      LlamaAbi.V0_5,
                      LlamaAbi.V0_5.contextParams(),
                      LlamaAbi.V0_5.contextDefaults(),
                      b4916))
          .isInstanceOf(EngineException.class)
          .hasMessageEndingWith(
              "llama_context_params: the library wrote 120 bytes of defaults; the layout has"
                  + " 160");
    }
  }

  @Test
  void aFieldWithAnotherDefaultFailsWithItsNameAndOffset() {
    try (Arena arena = Arena.ofConfined()) {
      StructLayout layout = LlamaAbi.B4916.modelParams();
      MemorySegment probe = written(arena, layout, LlamaAbi.B4916.modelDefaults());
      probe.set(JAVA_INT, 8, 99);
      assertThatThrownBy(
              () ->
                  LayoutCheck.defaults(
                      LlamaAbi.B4916, layout, LlamaAbi.B4916.modelDefaults(), probe))
          .isInstanceOf(EngineException.class)
          .hasMessage(
              "the llama.cpp library does not match samovar's struct layouts for llama.cpp b4916:"
                  + " llama_model_params.n_gpu_layers at offset 8 is 99, expected the default 0");
      probe.set(JAVA_INT, 8, 0);
      probe.set(ADDRESS, 0, MemorySegment.ofAddress(0x10));
      assertThatThrownBy(
              () ->
                  LayoutCheck.defaults(
                      LlamaAbi.B4916, layout, LlamaAbi.B4916.modelDefaults(), probe))
          .hasMessageEndingWith("llama_model_params.devices at offset 0 is 0x10, expected NULL");
    }
  }

  /** A probe as a library of {@code layout} leaves it: the struct with its defaults, then fill. */
  private static MemorySegment written(
      Arena arena, StructLayout layout, Map<String, Object> defaults) {
    MemorySegment probe = arena.allocate(LlamaLibrary.DEFAULTS_PROBE).fill(LlamaLibrary.PROBE_FILL);
    probe.asSlice(0, layout.byteSize()).fill((byte) 0);
    // What a compiler leaves in trailing padding is not defined: leave it as it was.
    var last = layout.memberLayouts().getLast();
    if (last.name().isEmpty()) {
      probe
          .asSlice(layout.byteSize() - last.byteSize(), last.byteSize())
          .fill(LlamaLibrary.PROBE_FILL);
    }
    for (Map.Entry<String, Object> field : defaults.entrySet()) {
      long at = LlamaLibrary.offset(layout, field.getKey());
      switch (field.getValue()) {
        case null -> probe.set(ADDRESS, at, MemorySegment.NULL);
        case Integer i -> probe.set(JAVA_INT, at, i);
        case Long l -> probe.set(JAVA_LONG, at, l);
        case Float f -> probe.set(JAVA_FLOAT, at, f);
        case Boolean b -> probe.set(JAVA_BOOLEAN, at, b);
        default -> throw new IllegalArgumentException(field.toString());
      }
    }
    return probe;
  }
}
