package dev.samovar.engine.llama;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;

import dev.samovar.engine.EngineException;
import dev.samovar.engine.Prompt;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A model's vocabulary: tokenizing and detokenizing. These calls only read the vocabulary, so any
 * thread may make them while the engine thread decodes.
 */
final class LlamaVocabulary {
  private final LlamaLibrary library;
  private final MemorySegment vocab;
  private final int size;

  LlamaVocabulary(LlamaLibrary library, MemorySegment vocab) {
    if (vocab.equals(MemorySegment.NULL)) {
      throw new EngineException("llama_model_get_vocab returned NULL");
    }
    this.library = library;
    this.vocab = vocab;
    this.size = library.vocabularySize(vocab);
  }

  int size() {
    return size;
  }

  boolean isEndOfGeneration(int token) {
    return library.isEndOfGeneration(vocab, token);
  }

  /**
   * The text a prompt starts with: the beginning-of-text token's text when the model expects that
   * token first, otherwise empty.
   */
  String promptStart() {
    int token = library.beginningOfText(vocab);
    return token >= 0 && library.addsBeginningOfText(vocab) ? detokenize(new int[] {token}) : "";
  }

  /** Token ids of {@code text}; {@code parseSpecial} turns control-token text into its token. */
  int[] tokenize(String text, boolean addSpecial, boolean parseSpecial) {
    byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment bytes = arena.allocate(Math.max(1, utf8.length));
      MemorySegment.copy(utf8, 0, bytes, JAVA_BYTE, 0, utf8.length);
      int capacity = utf8.length + 2;
      MemorySegment tokens = arena.allocate(JAVA_INT, capacity);
      int count =
          library.tokenize(vocab, bytes, utf8.length, tokens, capacity, addSpecial, parseSpecial);
      if (count < 0) {
        capacity = -count;
        tokens = arena.allocate(JAVA_INT, capacity);
        count =
            library.tokenize(vocab, bytes, utf8.length, tokens, capacity, addSpecial, parseSpecial);
      }
      if (count < 0) {
        throw new EngineException("llama_tokenize failed with " + count);
      }
      return tokens.asSlice(0, count * JAVA_INT.byteSize()).toArray(JAVA_INT);
    }
  }

  /**
   * Token ids of a prompt: special segments may hold control tokens, plain ones are text only.
   * Never adds the beginning-of-text token.
   */
  int[] tokenize(Prompt prompt) {
    int[] tokens = new int[0];
    for (Prompt.Segment segment : prompt.segments()) {
      int[] part = tokenize(segment.text(), false, segment.special());
      int[] joined = Arrays.copyOf(tokens, tokens.length + part.length);
      System.arraycopy(part, 0, joined, tokens.length, part.length);
      tokens = joined;
    }
    return tokens;
  }

  /**
   * The bytes of one token's text, possibly part of a UTF-8 character; control tokens give none.
   * {@code buffer} is scratch memory owned by the caller.
   */
  byte[] piece(int token, MemorySegment buffer) {
    int length = library.tokenToPiece(vocab, token, buffer, false);
    if (length < 0) {
      try (Arena arena = Arena.ofConfined()) {
        MemorySegment larger = arena.allocate(-length);
        length = library.tokenToPiece(vocab, token, larger, false);
        return checkedPiece(token, length, larger);
      }
    }
    return checkedPiece(token, length, buffer);
  }

  private static byte[] checkedPiece(int token, int length, MemorySegment buffer) {
    if (length < 0) {
      throw new EngineException("llama_token_to_piece failed for token " + token);
    }
    return buffer.asSlice(0, length).toArray(JAVA_BYTE);
  }

  /**
   * The text of {@code tokens}, control tokens as their text.
   *
   * @throws IllegalArgumentException for an id outside the vocabulary (llama.cpp would abort)
   */
  String detokenize(int[] tokens) {
    for (int token : tokens) {
      if (token < 0 || token >= size) {
        throw new IllegalArgumentException(
            "token id " + token + " is outside the vocabulary [0, " + size + ")");
      }
    }
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment ids = arena.allocate(JAVA_INT, Math.max(1, tokens.length));
      MemorySegment.copy(tokens, 0, ids, JAVA_INT, 0, tokens.length);
      MemorySegment text = arena.allocate(Math.max(16, tokens.length * 8L));
      int length = library.detokenize(vocab, ids, tokens.length, text);
      if (length < 0) {
        text = arena.allocate(-length);
        length = library.detokenize(vocab, ids, tokens.length, text);
      }
      if (length < 0) {
        throw new EngineException("llama_detokenize failed with " + length);
      }
      return new String(text.asSlice(0, length).toArray(JAVA_BYTE), StandardCharsets.UTF_8);
    }
  }
}
