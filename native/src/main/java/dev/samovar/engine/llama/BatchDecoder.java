package dev.samovar.engine.llama;

import java.lang.foreign.MemorySegment;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds each step's batch, one token for every generating sequence first, then prompt chunks in
 * the room left (the sequences taking turns at going first), and decodes it. It notes in each
 * sequence which batch rows it holds and which row has its logits.
 */
final class BatchDecoder {
  private static final Logger LOG = LoggerFactory.getLogger(BatchDecoder.class);

  /** llama_decode's "no KV-cache slot for the batch". */
  private static final int NO_KV_SLOT = 1;

  /** What b4916's llama_decode returns instead when it finds no KV-cache slot for the batch. */
  private static final int NO_KV_SLOT_B4916 = -3;

  private final LlamaLibrary library;
  private final MemorySegment context;
  private final LlamaBatch batch;
  private final Sequence[] sequences;
  private final SequenceCaches caches;
  private int rotation;

  BatchDecoder(
      LlamaLibrary library,
      MemorySegment context,
      LlamaBatch batch,
      Sequence[] sequences,
      SequenceCaches caches) {
    this.library = library;
    this.context = context;
    this.batch = batch;
    this.sequences = sequences;
    this.caches = caches;
  }

  /**
   * Fills and decodes a batch; returns llama_decode's status, 0 when it succeeded. llama.cpp b4916
   * needs a contiguous run of free KV cells for a batch and reports -3 (older and newer versions:
   * 1) when there is none: then the least recently used idle sequence's cache is freed, and when no
   * cache is left the batch is halved, down to one token. Each sequence holds at most a context
   * length of cells, so one token always fits.
   */
  int decode() {
    int budget = batch.capacity();
    while (true) {
      fill(budget);
      int decoded = library.decode(context, batch.struct());
      if (decoded != NO_KV_SLOT && decoded != NO_KV_SLOT_B4916) {
        return decoded;
      }
      if (caches.evictLeastRecentlyUsed()) {
        continue;
      }
      if (batch.size() == 1) {
        return decoded;
      }
      budget = batch.size() / 2;
      LOG.debug("no KV-cache slot for {} tokens; retrying with {}", batch.size(), budget);
    }
  }

  /** Why a batch whose decoding returned {@code status} failed, in a few words. */
  static String failure(int status) {
    return switch (status) {
      case NO_KV_SLOT, NO_KV_SLOT_B4916 -> "no room in the KV cache";
      case 2 -> "decoding was aborted";
      default -> "llama_decode failed with status " + status;
    };
  }

  /** Builds the batch: first one token per generating sequence, then prompt chunks. */
  private void fill(int budget) {
    batch.clear();
    int count = sequences.length;
    int first = rotation;
    rotation = (rotation + 1) % count;
    int room = budget;
    for (int i = 0; i < count; i++) {
      Sequence sequence = sequences[(first + i) % count];
      sequence.placed(0, -1);
      if (sequence.generating() && room > 0) {
        int row =
            batch.add(sequence.pendingToken(), sequence.pendingPosition(), sequence.id(), true);
        sequence.placed(1, row);
        room--;
      }
    }
    for (int i = 0; i < count && room > 0; i++) {
      Sequence sequence = sequences[(first + i) % count];
      if (sequence.prompting()) {
        room -= placePromptChunk(sequence, room);
      }
    }
  }

  private int placePromptChunk(Sequence sequence, int room) {
    int take = Math.min(sequence.promptRemaining(), room);
    boolean sampleAfter = take == sequence.promptRemaining() && !sequence.completion().exhausted();
    int logitsRow = -1;
    for (int j = 0; j < take; j++) {
      int position = sequence.fed() + j;
      boolean logits = sampleAfter && j == take - 1;
      int row = batch.add(sequence.promptToken(position), position, sequence.id(), logits);
      if (logits) {
        logitsRow = row;
      }
    }
    sequence.placed(take, logitsRow);
    return take;
  }
}
