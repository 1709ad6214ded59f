package dev.samovar.models.gguf;

import static org.assertj.core.api.Assertions.assertThat;

import dev.samovar.models.download.Sha256;
import dev.samovar.models.testdata.Llama3Vocabulary;
import dev.samovar.models.testdata.TestData;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real Llama-3 vocabulary: the project carries Meta's {@code tokenizer.model} and builds
 * llama.cpp's vocabulary-only GGUF from it; both are checked against the published SHA-256 sums.
 */
class Llama3VocabTest {
  /** Meta's original/tokenizer.model of Meta-Llama-3-8B(-Instruct), 2,183,982 bytes. */
  private static final String TOKENIZER_MODEL_SHA256 =
      "82e9d31979e92ab929cd544440f129d9ecd797b69e327f80f17e1c50d5551b55";

  /** llama.cpp's models/ggml-vocab-llama-bpe.gguf, 7,818,140 bytes. */
  private static final String VOCAB_GGUF_SHA256 =
      "97272e430d53bc7688f52d5e0ad8ea8f163ede9f1bbd1694feaa504797d5d96e";

  @Test
  void theCarriedTokenizerIsMetasFile() throws IOException, NoSuchAlgorithmException {
    MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
    long size;
    try (InputStream in =
        new DigestInputStream(
            new GZIPInputStream(
                Files.newInputStream(TestData.file(Llama3Vocabulary.TOKENIZER_MODEL))),
            sha256)) {
      size = in.transferTo(OutputStream.nullOutputStream());
    }
    assertThat(size).isEqualTo(2_183_982);
    assertThat(HexFormat.of().formatHex(sha256.digest())).isEqualTo(TOKENIZER_MODEL_SHA256);
  }

  @Test
  void theBuiltVocabularyIsLlamaCppsFileByteForByte(@TempDir Path dir) throws IOException {
    Path gguf = dir.resolve("llama3-vocab.gguf");
    Llama3Vocabulary.fromTiktoken(TestData.file(Llama3Vocabulary.TOKENIZER_MODEL)).writeGguf(gguf);

    assertThat(Files.size(gguf)).isEqualTo(7_818_140);
    assertThat(Sha256.of(gguf)).isEqualTo(VOCAB_GGUF_SHA256);
  }

  @Test
  void readsTheLlama3Vocabulary() throws IOException {
    GgufFile gguf = GgufFile.read(TestData.llama3Vocab());
    GgufMetadata m = gguf.metadata();

    assertThat(gguf.version()).isEqualTo(3);
    assertThat(gguf.tensors()).isEmpty();
    assertThat(m.string("general.architecture")).isEqualTo("llama");
    assertThat(m.string("tokenizer.ggml.model")).isEqualTo("gpt2");
    assertThat(m.string("tokenizer.ggml.pre")).isEqualTo("llama-bpe");
    assertThat(m.u32("tokenizer.ggml.bos_token_id")).isEqualTo(128000);
    assertThat(m.u32("llama.vocab_size")).isEqualTo(128256);
    assertThat(m.f32("llama.rope.freq_base")).isEqualTo(500000f);

    List<String> tokens = m.strings("tokenizer.ggml.tokens");
    assertThat(tokens).hasSize(128256);
    assertThat(tokens.get(128000)).isEqualTo("<|begin_of_text|>");
    assertThat(tokens.get(128009)).isEqualTo("<|eot_id|>");
    assertThat(tokens.get(9906)).isEqualTo("Hello");
    assertThat(tokens.get(1917)).isEqualTo("Ġworld");
    int[] types = m.i32s("tokenizer.ggml.token_type");
    assertThat(types).hasSize(128256);
    assertThat(types[128000]).isEqualTo(3);
    assertThat(types[9906]).isEqualTo(1);
    List<String> merges = m.strings("tokenizer.ggml.merges");
    assertThat(merges).hasSize(280147);
    assertThat(merges.getFirst()).isEqualTo("Ġ Ġ");
  }
}
