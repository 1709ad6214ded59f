package dev.samovar.models.inspect;

import dev.samovar.models.gguf.GgufFile;
import dev.samovar.models.gguf.GgufFormatException;
import dev.samovar.models.gguf.GgufMetadata;
import dev.samovar.models.gguf.GgufValue;

/**
 * The hyperparameters of a transformer as its GGUF metadata gives them under {@code
 * <architecture>.}; 0 where the file does not say.
 *
 * @param contextLength {@code context_length}: the context it was trained for
 * @param layers {@code block_count}
 * @param embedding {@code embedding_length}
 * @param feedForward {@code feed_forward_length}
 * @param heads {@code attention.head_count}
 * @param kvHeads {@code attention.head_count_kv}, or {@code heads}
 * @param keyLength {@code attention.key_length}, or {@code embedding / heads}
 * @param valueLength {@code attention.value_length}, or {@code embedding / heads}
 * @param vocabSize the tokens in {@code tokenizer.ggml.tokens}, or {@code vocab_size}
 */
public record ModelShape(
    long contextLength,
    int layers,
    long embedding,
    long feedForward,
    long heads,
    long kvHeads,
    long keyLength,
    long valueLength,
    long vocabSize) {
  /** More layers than any model has; a larger block count is a corrupt file. */
  static final int MAX_LAYERS = 1 << 16;

  /** More than any dimension of a real model; a larger value is a corrupt file. */
  static final long MAX_DIMENSION = 1L << 30;

  /**
   * The shape {@code gguf}'s metadata gives.
   *
   * @throws GgufFormatException when a value has the wrong type or an impossible size
   */
  public static ModelShape of(GgufFile gguf) {
    GgufMetadata m = gguf.metadata();
    String prefix = m.optionalString("general.architecture").orElse("") + ".";
    long layers = count(m, prefix + "block_count");
    if (layers > MAX_LAYERS) {
      throw new GgufFormatException(
          prefix + "block_count is " + layers + ", more than " + MAX_LAYERS + " layers");
    }
    long embedding = count(m, prefix + "embedding_length");
    long heads = count(m, prefix + "attention.head_count");
    long kvHeads =
        m.contains(prefix + "attention.head_count_kv")
            ? count(m, prefix + "attention.head_count_kv")
            : heads;
    long headSize = heads == 0 ? 0 : embedding / heads;
    long keyLength =
        m.contains(prefix + "attention.key_length")
            ? count(m, prefix + "attention.key_length")
            : headSize;
    long valueLength =
        m.contains(prefix + "attention.value_length")
            ? count(m, prefix + "attention.value_length")
            : headSize;
    long vocabSize =
        m.contains("tokenizer.ggml.tokens")
            ? m.array("tokenizer.ggml.tokens").elements().size()
            : count(m, prefix + "vocab_size");
    return new ModelShape(
        count(m, prefix + "context_length"),
        (int) layers,
        embedding,
        count(m, prefix + "feed_forward_length"),
        heads,
        kvHeads,
        keyLength,
        valueLength,
        vocabSize);
  }

  /** An unsigned integer of any width, 0 when absent. */
  private static long count(GgufMetadata m, String key) {
    GgufValue value = m.find(key).orElse(null);
    if (value == null) {
      return 0;
    }
    if (!(value instanceof GgufValue.Int integer)) {
      throw new GgufFormatException(
          "metadata key '" + key + "' has type " + value.type() + ", expected an integer");
    }
    if (integer.value() < 0 || integer.value() > MAX_DIMENSION) {
      throw new GgufFormatException(
          "metadata key '"
              + key
              + "' is "
              + Long.toUnsignedString(integer.value())
              + ", not a plausible size");
    }
    return integer.value();
  }

  /** Key plus value elements per token and layer in the KV cache: the GQA widths of K and V. */
  public long kvElementsPerTokenAndLayer() {
    // each size is at most 2^30 (MAX_DIMENSION), so this cannot overflow
    return kvHeads * (keyLength + valueLength);
  }
}
