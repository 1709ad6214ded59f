package dev.samovar.engine.llama;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;

import dev.samovar.engine.EngineException;
import dev.samovar.engine.InvalidGenerationRequestException;
import dev.samovar.engine.Prompt;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.stream.IntStream;

/**
 * A model's vocabulary: tokenizing and detokenizing. These calls only read the vocabulary, so any
 * thread may make them while the engine thread decodes.
 */
final class LlamaVocabulary {
  /** Bytes that hold any ordinary token's text; longer ones take a second call. */
  static final int PIECE_CAPACITY = 256;

  private final LlamaLibrary library;
  private final MemorySegment vocab;
  private final int size;
  private final int[] endOfGeneration;

  LlamaVocabulary(LlamaLibrary library, MemorySegment vocab) {
    if (vocab.equals(MemorySegment.NULL)) {
      throw new EngineException("llama_model_get_vocab returned NULL");
    }
    this.library = library;
    this.vocab = vocab;
    this.size = library.vocabularySize(vocab);
    this.endOfGeneration =
        IntStream.range(0, size).filter(token -> library.isEndOfGeneration(vocab, token)).toArray();
  }

  MemorySegment pointer() {
    return vocab;
  }

  int size() {
    return size;
  }

  /** Every token that ends generation (end of text, end of turn, ...). */
  int[] endOfGenerationTokens() {
    return endOfGeneration.clone();
  }

  /** Whether {@code token} ends generation; answered from the set read at load, no native call. */
  boolean isEndOfGeneration(int token) {
    return Arrays.binarySearch(endOfGeneration, token) >= 0;
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
   * Token ids of a prompt: special text segments may hold control tokens, plain ones are text only,
   * token segments are taken as they are. Never adds the beginning-of-text token.
   *
   * @throws InvalidGenerationRequestException for a token id outside the vocabulary
   */
  int[] tokenize(Prompt prompt) {
    int[] tokens = new int[0];
    for (Prompt.Segment segment : prompt.segments()) {
      int[] part =
          switch (segment) {
            case Prompt.Text text -> tokenize(text.text(), false, text.special());
            case Prompt.Tokens ids -> checkedIds(ids.ids(), tokens.length);
          };
      int[] joined = Arrays.copyOf(tokens, tokens.length + part.length);
      System.arraycopy(part, 0, joined, tokens.length, part.length);
      tokens = joined;
    }
    return tokens;
  }

  private int[] checkedIds(int[] ids, int offset) {
    for (int i = 0; i < ids.length; i++) {
      if (!contains(ids[i])) {
        throw new InvalidGenerationRequestException(
            "prompt",
            "prompt token "
                + (offset + i)
                + " has id "
                + ids[i]
                + ", outside the vocabulary [0, "
                + size
                + ")");
      }
    }
    return ids;
  }

  /** Whether {@code token} is an id of this vocabulary. */
  boolean contains(int token) {
    return token >= 0 && token < size;
  }

  /**
   * The bytes of one token's text, possibly part of a UTF-8 character. {@code special} renders
   * control tokens as their text; otherwise they give none. {@code buffer} is scratch memory owned
   * by the caller.
   */
  byte[] piece(int token, boolean special, MemorySegment buffer) {
    int length = library.tokenToPiece(vocab, token, buffer, special);
    if (length < 0) {
      try (Arena arena = Arena.ofConfined()) {
        MemorySegment larger = arena.allocate(-length);
        length = library.tokenToPiece(vocab, token, larger, special);
        return checkedPiece(token, length, larger);
      }
    }
    return checkedPiece(token, length, buffer);
  }

  /**
   * The bytes of one token, control tokens as their text.
   *
   * @throws IllegalArgumentException for an id outside the vocabulary (llama.cpp would abort)
   */
  byte[] tokenBytes(int token) {
    checkId(token);
    try (Arena arena = Arena.ofConfined()) {
      return piece(token, true, arena.allocate(PIECE_CAPACITY));
    }
  }

  private void checkId(int token) {
    if (!contains(token)) {
      throw new IllegalArgumentException(
          "token id " + token + " is outside the vocabulary [0, " + size + ")");
    }
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
      checkId(token);
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
