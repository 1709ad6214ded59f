package dev.samovar.models.gguf;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Reads the real Llama-3 vocabulary that llama.cpp ships for its tokenizer tests. */
class Llama3VocabTest {

  static Path llama3Vocab() {
    String shared = System.getProperty("samovar.shared.dir");
    assertThat(shared)
        .as("system property samovar.shared.dir (set by the parent pom for surefire)")
        .isNotNull();
    Path file = Path.of(shared, "data", "tokenizers", "llama3-vocab.gguf");
    assertThat(Files.isRegularFile(file))
        .as("the Llama-3 vocabulary test file is missing: %s", file.toAbsolutePath())
        .isTrue();
    return file;
  }

  @Test
  void readsTheLlama3Vocabulary() throws IOException {
    GgufFile gguf = GgufFile.read(llama3Vocab());
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
