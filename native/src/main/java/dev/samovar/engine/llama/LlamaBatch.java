package dev.samovar.engine.llama;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/** A reusable llama_batch: each row is one token of one sequence at one position. */
final class LlamaBatch {
  private final LlamaLibrary library;
  private final LlamaLibrary.BatchMemory memory;
  private final int capacity;
  private int size;
  private boolean freed;

  LlamaBatch(LlamaLibrary library, Arena arena, int capacity) {
    this.library = library;
    this.memory = library.newBatch(arena, capacity);
    this.capacity = capacity;
  }

  int capacity() {
    return capacity;
  }

  int size() {
    return size;
  }

  void clear() {
    size = 0;
  }

  /** Adds a row; returns its index. */
  int add(int token, int position, int sequence, boolean logits) {
    if (size == capacity) {
      throw new IllegalStateException("the batch is full (" + capacity + " tokens)");
    }
    int row = size++;
    memory.tokens().setAtIndex(JAVA_INT, row, token);
    memory.positions().setAtIndex(JAVA_INT, row, position);
    memory.seqIdCounts().setAtIndex(JAVA_INT, row, 1);
    memory.seqIds()[row].set(JAVA_INT, 0, sequence);
    memory.logits().set(JAVA_BYTE, row, logits ? (byte) 1 : (byte) 0);
    return row;
  }

  /** The struct to pass to llama_decode, its token count set. */
  MemorySegment struct() {
    library.setBatchTokenCount(memory.struct(), size);
    return memory.struct();
  }

  void free() {
    if (!freed) {
      freed = true;
      library.freeBatch(memory.struct());
    }
  }
}
