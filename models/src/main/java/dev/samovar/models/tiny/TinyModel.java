package dev.samovar.models.tiny;

import dev.samovar.models.gguf.GgmlType;
import dev.samovar.models.gguf.GgufMetadata;
import dev.samovar.models.gguf.GgufWriter;
import dev.samovar.models.gguf.TensorSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/**
 * A Llama-3-architecture test model of about 4.5 MB that llama.cpp loads in milliseconds, with
 * planted, documented behaviour instead of trained weights. {@link #write} makes the same bytes
 * every time.
 *
 * <p><b>Shape.</b> 2 layers, n_embd 256, 4 attention heads of 64, 2 KV heads, feed-forward 256,
 * context length {@value #CONTEXT_LENGTH}, RoPE base 500000, all weights F32 (file type 0).
 *
 * <p><b>Vocabulary</b> (byte-level BPE, {@code gpt2} / {@code llama-bpe}, 604 tokens): ids 0-255
 * are the single bytes (id = byte value), then one token per Cyrillic letter (all 66, Ё and ё
 * included), "\n\n", the emoji 😀 🙂 👍 🚀 🍵 🫖 (with their partial 2- and 3-byte tokens), 48
 * Russian words such as "привет", "мир", "самовар", "чай" (each a token both bare and after a
 * space: " привет"), the capitalised "Привет", "Да", "Нет", "Это", "Сегодня", "Мы", " Я", " Мы", "
 * Это", and English words ("the", "hello", "world", "user", "assistant", "system", ...), plus the
 * prefixes that build the words. The last five ids (599-603) are the control tokens {@code
 * <|begin_of_text|>} (BOS), {@code <|end_of_text|>}, {@code <|start_header_id|>}, {@code
 * <|end_header_id|>} and {@code <|eot_id|>} (EOS and EOT). BOS is added. The chat template is
 * Llama-3-8B-Instruct's, which llama.cpp recognises as "llama3".
 *
 * <p><b>Behaviour.</b> Only tokens whose text is whole UTF-8 characters (letters, digits, space,
 * punctuation, newline, the emoji, the words) and {@code <|eot_id|>} can be sampled: every other
 * token (a lone byte of a multi-byte character, a partial emoji, another control token, an ASCII
 * control character) scores more than 100 logits below the best token, so streamed text is always
 * whole characters, even at temperature 1.5 with top_p 1. The next token depends mostly on the
 * current one, like a bigram model of Russian words: after the chat prompt's "\n\n" a reply starts
 * with "Привет", "Да", "Я" or "Это"; each word is followed by one of two (or, with ".", three)
 * equally preferred tokens; after ".", "!" or "?" comes " Я", " Мы", " Это" or {@code <|eot_id|>},
 * which always scores 0.3 below " Я". Which of equally preferred tokens wins depends on a term of a
 * few logits averaged over the message text of the context (attention leaves out control tokens,
 * role names and "\n\n"), so different prompts give different replies, and a reply depends on every
 * earlier position's keys and values. Greedy decoding never picks {@code <|eot_id|>}: it writes
 * Russian words until max_tokens or the context end (finish reason length). Sampling at temperature
 * 0.6-1.0 with top_p 0.9 ends on {@code <|eot_id|>} after a median of 20-40 tokens, usually (more
 * than half the time) within 10-60 tokens, rarely beyond 150 and hardly ever within 3. How the
 * weights do this is described in {@link TinyWeights}.
 */
public final class TinyModel {
  /** The context length the model is made for (llama.context_length). */
  public static final int CONTEXT_LENGTH = 8192;

  /** The id the tiny model is served under. */
  public static final String MODEL_ID = "tiny";

  /** Meta-Llama-3-8B-Instruct's chat template. */
  public static final String CHAT_TEMPLATE =
      "{% set loop_messages = messages %}{% for message in loop_messages %}{% set content ="
          + " '<|start_header_id|>' + message['role'] + '<|end_header_id|>\n\n'+"
          + " message['content'] | trim + '<|eot_id|>' %}{% if loop.index0 == 0 %}{% set content"
          + " = bos_token + content %}{% endif %}{{ content }}{% endfor %}{% if"
          + " add_generation_prompt %}{{ '<|start_header_id|>assistant<|end_header_id|>\n\n' }}{%"
          + " endif %}";

  private TinyModel() {}

  /**
   * Writes the model to {@code target}, replacing it atomically: other processes see either the old
   * file or the complete new one.
   *
   * @throws UncheckedIOException when the file cannot be written
   */
  public static void write(Path target) {
    Path absolute = target.toAbsolutePath();
    try {
      Files.createDirectories(absolute.getParent());
      Path temp = Files.createTempFile(absolute.getParent(), absolute.getFileName() + ".", ".tmp");
      try {
        writeTo(temp);
        moveAtomically(temp, absolute);
      } catch (IOException | RuntimeException e) {
        try {
          Files.deleteIfExists(temp);
        } catch (IOException cleanup) {
          e.addSuppressed(cleanup);
        }
        throw e;
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the tiny model to " + absolute, e);
    }
  }

  private static void moveAtomically(Path source, Path target) throws IOException {
    try {
      Files.move(
          source, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(source, target, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  private static void writeTo(Path path) throws IOException {
    TinyVocab vocab = TinyVocab.build();
    TinyGrammar grammar = TinyGrammar.of(vocab);
    List<TinyWeights.Tensor> tensors = TinyWeights.of(vocab, grammar).tensors();
    List<TensorSpec> specs =
        tensors.stream().map(t -> TensorSpec.of(t.name(), GgmlType.F32, t.ne())).toList();
    try (GgufWriter writer = GgufWriter.create(path, metadata(vocab), specs)) {
      for (TinyWeights.Tensor tensor : tensors) {
        writer.writeTensor(tensor.name(), tensor.data());
      }
    }
  }

  /**
   * The model's metadata: its hyperparameters, vocabulary and chat template, as {@link #write}
   * writes them.
   */
  public static GgufMetadata metadata() {
    return metadata(TinyVocab.build());
  }

  static GgufMetadata metadata(TinyVocab vocab) {
    return GgufMetadata.builder()
        .string("general.architecture", "llama")
        .string("general.type", "model")
        .string("general.name", "samovar tiny test model")
        .u32("general.file_type", 0)
        .u32("llama.vocab_size", vocab.size())
        .u32("llama.context_length", CONTEXT_LENGTH)
        .u32("llama.embedding_length", TinyWeights.EMBD)
        .u32("llama.block_count", TinyWeights.LAYERS)
        .u32("llama.feed_forward_length", TinyWeights.FFN)
        .u32("llama.attention.head_count", TinyWeights.HEADS)
        .u32("llama.attention.head_count_kv", TinyWeights.KV_HEADS)
        .f32("llama.rope.freq_base", 500000f)
        .f32("llama.attention.layer_norm_rms_epsilon", 1e-5f)
        .u32("llama.rope.dimension_count", TinyWeights.HEAD_DIM)
        .string("tokenizer.ggml.model", "gpt2")
        .string("tokenizer.ggml.pre", "llama-bpe")
        .strings("tokenizer.ggml.tokens", vocab.spellings())
        .i32s("tokenizer.ggml.token_type", vocab.types())
        .strings("tokenizer.ggml.merges", vocab.merges())
        .u32("tokenizer.ggml.bos_token_id", vocab.id(TinyVocab.BEGIN_OF_TEXT))
        .u32("tokenizer.ggml.eos_token_id", vocab.id(TinyVocab.EOT))
        .u32("tokenizer.ggml.eot_token_id", vocab.id(TinyVocab.EOT))
        .bool("tokenizer.ggml.add_bos_token", true)
        .string("tokenizer.chat_template", CHAT_TEMPLATE)
        .build();
  }
}
