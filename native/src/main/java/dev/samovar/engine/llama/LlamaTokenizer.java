package dev.samovar.engine.llama;

import dev.samovar.engine.EngineException;
import dev.samovar.engine.ModelLoadException;
import java.nio.file.Path;
import java.util.Objects;

/**
 * A model's tokenizer alone: the vocabulary of a GGUF file loaded without weights (a vocab-only
 * file such as llama3-vocab.gguf will do), for counting and checking tokens without an engine.
 * Tokenizes as {@link LlamaEngine#tokenize} does. Single-threaded.
 */
public final class LlamaTokenizer implements AutoCloseable {
  private final LlamaModelFile file;
  private boolean closed;

  private LlamaTokenizer(LlamaModelFile file) {
    this.file = file;
  }

  /**
   * Loads the vocabulary of {@code gguf}.
   *
   * @throws ModelLoadException when the file is missing or llama.cpp cannot load it
   */
  public static LlamaTokenizer load(Path gguf) {
    return new LlamaTokenizer(LlamaModelFile.load(gguf, true));
  }

  /**
   * Token ids of {@code text}; {@code parseSpecial} turns control-token text into control tokens.
   *
   * @throws EngineException after {@link #close()}
   */
  public int[] tokenize(String text, boolean addSpecial, boolean parseSpecial) {
    Objects.requireNonNull(text, "text");
    if (closed) {
      throw new EngineException("the tokenizer is closed");
    }
    return file.vocabulary().tokenize(text, addSpecial, parseSpecial);
  }

  /** Frees the vocabulary. Idempotent. */
  @Override
  public void close() {
    closed = true;
    file.close();
  }
}
