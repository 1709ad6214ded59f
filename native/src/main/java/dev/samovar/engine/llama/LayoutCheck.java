package dev.samovar.engine.llama;

import static dev.samovar.engine.llama.LlamaLibrary.BATCH;
import static dev.samovar.engine.llama.LlamaLibrary.DEFAULTS_PROBE;
import static dev.samovar.engine.llama.LlamaLibrary.PROBE_FILL;
import static dev.samovar.engine.llama.LlamaLibrary.SAMPLER_CHAIN_PARAMS;
import static dev.samovar.engine.llama.LlamaLibrary.offset;
import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BOOLEAN;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_FLOAT;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import dev.samovar.engine.ChatMessage;
import dev.samovar.engine.EngineException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * Checks {@link LlamaLibrary}'s struct layouts against the loaded library before any struct is
 * passed to it. The library's own default parameter structs are fetched into a buffer larger than
 * any bound layout and pre-filled: the library must have written no further than the layout of the
 * API it speaks ({@link LlamaAbi}) reaches, and every field must hold that API's default at the
 * layout's offset. A fresh batch must hold its arrays, and a rendered chat message its text. A
 * library of another version fails here with the field that differs.
 */
final class LayoutCheck {
  private final LlamaLibrary library;

  LayoutCheck(LlamaLibrary library) {
    this.library = library;
  }

  void run() {
    LlamaAbi abi = library.abi();
    try (Arena arena = Arena.ofConfined()) {
      defaults(abi, abi.modelParams(), abi.modelDefaults(), library.modelDefaultsProbe(arena));
      defaults(
          abi, abi.contextParams(), abi.contextDefaults(), library.contextDefaultsProbe(arena));
      expect(abi, SAMPLER_CHAIN_PARAMS, library.samplerChainDefaultParams(arena), "no_perf", true);
      batch(abi, arena);
      chatMessage(abi, arena);
    }
  }

  /**
   * Checks a default-parameter struct as the library wrote it into a {@link
   * LlamaLibrary#DEFAULTS_PROBE}: how far it wrote, then each field.
   */
  static void defaults(
      LlamaAbi abi, StructLayout layout, Map<String, Object> expected, MemorySegment probe) {
    long written = writtenLength(probe);
    MemoryLayout last = layout.memberLayouts().getLast();
    long lastFieldEnd =
        last.name().isPresent() ? layout.byteSize() : layout.byteSize() - last.byteSize();
    if (written > layout.byteSize() || written < lastFieldEnd) {
      throw mismatch(
          abi,
          layout.name().orElseThrow()
              + ": the library wrote "
              + (written == DEFAULTS_PROBE.byteSize() ? "at least " : "")
              + written
              + " bytes of defaults; the layout has "
              + layout.byteSize());
    }
    for (Map.Entry<String, Object> field : expected.entrySet()) {
      expect(abi, layout, probe, field.getKey(), field.getValue());
    }
  }

  /** One past the last byte that no longer holds {@link LlamaLibrary#PROBE_FILL}. */
  private static long writtenLength(MemorySegment probe) {
    for (long at = probe.byteSize(); at > 0; at--) {
      if (probe.get(JAVA_BYTE, at - 1) != PROBE_FILL) {
        return at;
      }
    }
    return 0;
  }

  /** llama_batch_init(2, 0, 1) allocates every array but embd, and ends seq_id with NULL. */
  private void batch(LlamaAbi abi, Arena arena) {
    LlamaLibrary.BatchMemory batch = library.newBatch(arena, 2);
    try {
      expect(abi, BATCH, batch.struct(), "n_tokens", 0);
      expect(abi, BATCH, batch.struct(), "embd", null);
      MemorySegment seqIds =
          batch.struct().get(ADDRESS, offset(BATCH, "seq_id")).reinterpret(3 * ADDRESS.byteSize());
      if (!seqIds.getAtIndex(ADDRESS, 2).equals(MemorySegment.NULL)) {
        throw mismatch(
            abi, "llama_batch.seq_id is not the NULL-terminated array llama_batch_init makes");
      }
    } finally {
      library.freeBatch(batch.struct());
    }
  }

  /** The built-in llama3 template renders one message exactly as llama.cpp documents it. */
  private void chatMessage(LlamaAbi abi, Arena arena) {
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
          abi,
          "llama_chat_message: the llama3 template rendered "
              + quoted(actual)
              + " instead of "
              + quoted(expected));
    }
  }

  private static void expect(
      LlamaAbi abi, StructLayout layout, MemorySegment struct, String field, Object expected) {
    long at = offset(layout, field);
    Object actual =
        switch (expected) {
          case null -> struct.get(ADDRESS, at);
          case Integer i -> struct.get(JAVA_INT, at);
          case Long l -> struct.get(JAVA_LONG, at);
          case Float f -> struct.get(JAVA_FLOAT, at);
          case Boolean b -> struct.get(JAVA_BOOLEAN, at);
          default -> throw new IllegalArgumentException("unsupported default " + expected);
        };
    boolean matches =
        expected == null ? actual.equals(MemorySegment.NULL) : expected.equals(actual);
    if (!matches) {
      throw mismatch(
          abi,
          layout.name().orElseThrow()
              + "."
              + field
              + " at offset "
              + at
              + " is "
              + (actual instanceof MemorySegment pointer
                  ? "0x" + Long.toHexString(pointer.address())
                  : actual)
              + ", expected "
              + (expected == null ? "NULL" : "the default " + expected));
    }
  }

  private static String quoted(String text) {
    return "\"" + text.replace("\n", "\\n") + "\"";
  }

  private static EngineException mismatch(LlamaAbi abi, String detail) {
    return new EngineException(
        "the llama.cpp library does not match samovar's struct layouts for "
            + abi.label()
            + ": "
            + detail);
  }
}
