package dev.samovar.engine.llama;

import static dev.samovar.engine.llama.LlamaLibrary.BATCH;
import static dev.samovar.engine.llama.LlamaLibrary.CHAT_MESSAGE;
import static dev.samovar.engine.llama.LlamaLibrary.CONTEXT_PARAMS;
import static dev.samovar.engine.llama.LlamaLibrary.MODEL_PARAMS;
import static dev.samovar.engine.llama.LlamaLibrary.SAMPLER_CHAIN_PARAMS;
import static dev.samovar.engine.llama.LlamaLibrary.offset;
import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BOOLEAN;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_FLOAT;
import static java.lang.foreign.ValueLayout.JAVA_INT;

import dev.samovar.engine.ChatMessage;
import dev.samovar.engine.EngineException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Checks {@link LlamaLibrary}'s struct layouts against the loaded library: the default parameter
 * structs must hold llama.cpp b4916's defaults at the offsets the layouts give, a fresh batch its
 * arrays, and a rendered chat message its text. A different library version fails here, with the
 * field that differs, before any struct is passed to it.
 */
final class LayoutCheck {
  private final LlamaLibrary library;

  LayoutCheck(LlamaLibrary library) {
    this.library = library;
  }

  void run() {
    size(MODEL_PARAMS, 64);
    size(CONTEXT_PARAMS, 120);
    size(BATCH, 56);
    size(CHAT_MESSAGE, 16);
    size(SAMPLER_CHAIN_PARAMS, 1);
    try (Arena arena = Arena.ofConfined()) {
      modelDefaults(library.modelDefaultParams(arena));
      contextDefaults(library.contextDefaultParams(arena));
      expect(SAMPLER_CHAIN_PARAMS, library.samplerChainDefaultParams(arena), "no_perf", true);
      batch(arena);
      chatMessage(arena);
    }
  }

  static void modelDefaults(MemorySegment params) {
    expectNull(MODEL_PARAMS, params, "devices");
    expect(MODEL_PARAMS, params, "n_gpu_layers", 0);
    expect(MODEL_PARAMS, params, "split_mode", 1);
    expect(MODEL_PARAMS, params, "main_gpu", 0);
    expectNull(MODEL_PARAMS, params, "tensor_split");
    expectNull(MODEL_PARAMS, params, "progress_callback");
    expectNull(MODEL_PARAMS, params, "kv_overrides");
    expect(MODEL_PARAMS, params, "vocab_only", false);
    expect(MODEL_PARAMS, params, "use_mmap", true);
    expect(MODEL_PARAMS, params, "use_mlock", false);
    expect(MODEL_PARAMS, params, "check_tensors", false);
  }

  static void contextDefaults(MemorySegment params) {
    expect(CONTEXT_PARAMS, params, "n_ctx", 512);
    expect(CONTEXT_PARAMS, params, "n_batch", 2048);
    expect(CONTEXT_PARAMS, params, "n_ubatch", 512);
    expect(CONTEXT_PARAMS, params, "n_seq_max", 1);
    expect(CONTEXT_PARAMS, params, "n_threads", 4);
    expect(CONTEXT_PARAMS, params, "n_threads_batch", 4);
    expect(CONTEXT_PARAMS, params, "rope_scaling_type", -1);
    expect(CONTEXT_PARAMS, params, "pooling_type", -1);
    expect(CONTEXT_PARAMS, params, "attention_type", -1);
    expect(CONTEXT_PARAMS, params, "rope_freq_base", 0f);
    expect(CONTEXT_PARAMS, params, "rope_freq_scale", 0f);
    expect(CONTEXT_PARAMS, params, "yarn_ext_factor", -1f);
    expect(CONTEXT_PARAMS, params, "yarn_attn_factor", 1f);
    expect(CONTEXT_PARAMS, params, "yarn_beta_fast", 32f);
    expect(CONTEXT_PARAMS, params, "yarn_beta_slow", 1f);
    expect(CONTEXT_PARAMS, params, "yarn_orig_ctx", 0);
    expect(CONTEXT_PARAMS, params, "defrag_thold", -1f);
    expectNull(CONTEXT_PARAMS, params, "cb_eval");
    expectNull(CONTEXT_PARAMS, params, "cb_eval_user_data");
    expect(CONTEXT_PARAMS, params, "type_k", 1);
    expect(CONTEXT_PARAMS, params, "type_v", 1);
    expect(CONTEXT_PARAMS, params, "logits_all", false);
    expect(CONTEXT_PARAMS, params, "embeddings", false);
    expect(CONTEXT_PARAMS, params, "offload_kqv", true);
    expect(CONTEXT_PARAMS, params, "flash_attn", false);
    expect(CONTEXT_PARAMS, params, "no_perf", true);
    expectNull(CONTEXT_PARAMS, params, "abort_callback");
    expectNull(CONTEXT_PARAMS, params, "abort_callback_data");
  }

  /** llama_batch_init(2, 0, 1) allocates every array but embd, and ends seq_id with NULL. */
  private void batch(Arena arena) {
    LlamaLibrary.BatchMemory batch = library.newBatch(arena, 2);
    try {
      expect(BATCH, batch.struct(), "n_tokens", 0);
      expectNull(BATCH, batch.struct(), "embd");
      MemorySegment seqIds =
          batch.struct().get(ADDRESS, offset(BATCH, "seq_id")).reinterpret(3 * ADDRESS.byteSize());
      if (!seqIds.getAtIndex(ADDRESS, 2).equals(MemorySegment.NULL)) {
        throw mismatch(
            "llama_batch.seq_id is not the NULL-terminated array llama_batch_init makes");
      }
    } finally {
      library.freeBatch(batch.struct());
    }
  }

  /** The built-in llama3 template renders one message exactly as llama.cpp documents it. */
  private void chatMessage(Arena arena) {
    MemorySegment messages =
        library.chatMessages(arena, List.of(new ChatMessage("user", "layout check")));
    MemorySegment template = arena.allocateFrom("llama3", StandardCharsets.UTF_8);
    MemorySegment buffer = arena.allocate(256);
    int length = library.applyChatTemplate(template, messages, 1, buffer);
    String expected =
        "<|start_header_id|>user<|end_header_id|>\n\nlayout check<|eot_id|>"
            + "<|start_header_id|>assistant<|end_header_id|>\n\n";
    String actual =
        length < 0 || length > buffer.byteSize()
            ? "length " + length
            : new String(buffer.asSlice(0, length).toArray(JAVA_BYTE), StandardCharsets.UTF_8);
    if (!expected.equals(actual)) {
      throw mismatch(
          "llama_chat_message: the llama3 template rendered "
              + quoted(actual)
              + " instead of "
              + quoted(expected));
    }
  }

  private static void size(StructLayout layout, long expected) {
    if (layout.byteSize() != expected) {
      throw mismatch(
          layout.name().orElseThrow()
              + " is "
              + layout.byteSize()
              + " bytes in samovar, "
              + expected
              + " in llama.cpp");
    }
  }

  private static void expect(
      StructLayout layout, MemorySegment struct, String field, Object expected) {
    long at = offset(layout, field);
    Object actual =
        switch (expected) {
          case Integer i -> struct.get(JAVA_INT, at);
          case Float f -> struct.get(JAVA_FLOAT, at);
          case Boolean b -> struct.get(JAVA_BOOLEAN, at);
          default -> throw new IllegalArgumentException("unsupported default " + expected);
        };
    if (!expected.equals(actual)) {
      throw mismatch(
          layout.name().orElseThrow()
              + "."
              + field
              + " at offset "
              + at
              + " is "
              + actual
              + ", expected the default "
              + expected);
    }
  }

  private static void expectNull(StructLayout layout, MemorySegment struct, String field) {
    long at = offset(layout, field);
    MemorySegment actual = struct.get(ADDRESS, at);
    if (!actual.equals(MemorySegment.NULL)) {
      throw mismatch(
          layout.name().orElseThrow()
              + "."
              + field
              + " at offset "
              + at
              + " is 0x"
              + Long.toHexString(actual.address())
              + ", expected NULL");
    }
  }

  private static String quoted(String text) {
    return "\"" + text.replace("\n", "\\n") + "\"";
  }

  private static EngineException mismatch(String detail) {
    return new EngineException(
        "the llama.cpp library does not match samovar's struct layouts (built for llama.cpp b4916"
            + " in de.kherud:llama 4.2.0): "
            + detail);
  }
}
