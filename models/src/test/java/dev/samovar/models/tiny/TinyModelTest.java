package dev.samovar.models.tiny;

import static org.assertj.core.api.Assertions.assertThat;

import dev.samovar.models.gguf.GgmlType;
import dev.samovar.models.gguf.GgufFile;
import dev.samovar.models.gguf.GgufMetadata;
import dev.samovar.models.gguf.GgufValueType;
import dev.samovar.models.gguf.TensorInfo;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TinyModelTest {
  @TempDir static Path dir;
  static Path model;
  static GgufFile gguf;
  static List<String> tokens;

  @BeforeAll
  static void write() throws IOException {
    model = dir.resolve("tiny.gguf");
    TinyModel.write(model);
    gguf = GgufFile.read(model);
    tokens = gguf.metadata().strings("tokenizer.ggml.tokens");
  }

  @Test
  void writesTheSameBytesEveryTimeAndReplacesAtomically() throws IOException {
    Path again = dir.resolve("again").resolve("tiny.gguf");
    TinyModel.write(again);
    assertThat(sha256(again)).isEqualTo(sha256(model));
    Files.writeString(again, "stale");
    TinyModel.write(again);
    assertThat(sha256(again)).isEqualTo(sha256(model));
    try (Stream<Path> files = Files.list(again.getParent())) {
      assertThat(files.map(p -> p.getFileName().toString())).containsExactly("tiny.gguf");
    }
    assertThat(Files.size(model)).isBetween(2_000_000L, 6_000_000L);
  }

  @Test
  void hasTheLlamaMetadataWithExactTypes() {
    GgufMetadata m = gguf.metadata();
    assertThat(m.string("general.architecture")).isEqualTo("llama");
    assertThat(m.string("general.name")).isEqualTo("samovar tiny test model");
    assertThat(m.u32("general.file_type")).isZero();
    assertThat(m.u32("llama.context_length")).isEqualTo(TinyModel.CONTEXT_LENGTH).isEqualTo(8192);
    assertThat(m.u32("llama.embedding_length")).isEqualTo(256);
    assertThat(m.u32("llama.block_count")).isEqualTo(2);
    assertThat(m.u32("llama.feed_forward_length")).isEqualTo(256);
    assertThat(m.u32("llama.attention.head_count")).isEqualTo(4);
    assertThat(m.u32("llama.attention.head_count_kv")).isEqualTo(2);
    assertThat(m.u32("llama.rope.dimension_count")).isEqualTo(64);
    assertThat(m.f32("llama.rope.freq_base")).isEqualTo(500000f);
    assertThat(m.f32("llama.attention.layer_norm_rms_epsilon")).isEqualTo(1e-5f);
    assertThat(m.u32("llama.vocab_size")).isEqualTo(tokens.size()).isEqualTo(604);
    assertThat(m.string("tokenizer.ggml.model")).isEqualTo("gpt2");
    assertThat(m.string("tokenizer.ggml.pre")).isEqualTo("llama-bpe");
    assertThat(m.array("tokenizer.ggml.token_type").elementType()).isEqualTo(GgufValueType.INT32);
    assertThat(m.array("tokenizer.ggml.merges").elementType()).isEqualTo(GgufValueType.STRING);
    assertThat(m.bool("tokenizer.ggml.add_bos_token")).isTrue();
    assertThat(TinyModel.MODEL_ID).isEqualTo("tiny");
  }

  @Test
  void hasTheLlama3ControlTokensAndChatTemplate() {
    GgufMetadata m = gguf.metadata();
    int n = tokens.size();
    assertThat(tokens.subList(n - 5, n))
        .containsExactly(
            "<|begin_of_text|>",
            "<|end_of_text|>",
            "<|start_header_id|>",
            "<|end_header_id|>",
            "<|eot_id|>");
    int[] types = m.i32s("tokenizer.ggml.token_type");
    for (int id = 0; id < n; id++) {
      assertThat(types[id]).as("type of token %d", id).isEqualTo(id >= n - 5 ? 3 : 1);
    }
    assertThat(m.u32("tokenizer.ggml.bos_token_id")).isEqualTo(n - 5);
    assertThat(m.u32("tokenizer.ggml.eos_token_id")).isEqualTo(n - 1);
    assertThat(m.u32("tokenizer.ggml.eot_token_id")).isEqualTo(n - 1);
    assertThat(m.string("tokenizer.chat_template"))
        .isEqualTo(
            "{% set loop_messages = messages %}{% for message in loop_messages %}{% set content ="
                + " '<|start_header_id|>' + message['role'] + '<|end_header_id|>\n\n'+"
                + " message['content'] | trim + '<|eot_id|>' %}{% if loop.index0 == 0 %}{% set"
                + " content = bos_token + content %}{% endif %}{{ content }}{% endfor %}{% if"
                + " add_generation_prompt %}{{ '<|start_header_id|>assistant<|end_header_id|>\n\n'"
                + " }}{% endif %}");
  }

  @Test
  void vocabularyIsByteLevelBpeWithUniqueTokensAndValidMerges() {
    assertThat(new HashSet<>(tokens)).hasSameSizeAs(tokens);
    for (int b = 0; b < 256; b++) {
      assertThat(ByteUnicode.decode(tokens.get(b))).containsExactly((byte) b);
    }
    assertThat(tokens.get(' ')).isEqualTo("Ġ");
    assertThat(tokens.get('\n')).isEqualTo("Ċ");
    for (String token : tokens.subList(0, tokens.size() - 5)) {
      assertThat(ByteUnicode.encode(ByteUnicode.decode(token))).isEqualTo(token);
    }
    Set<String> vocabulary = new HashSet<>(tokens);
    List<String> merges = gguf.metadata().strings("tokenizer.ggml.merges");
    assertThat(new HashSet<>(merges)).hasSameSizeAs(merges);
    for (String merge : merges) {
      int space = merge.indexOf(' ', 1);
      String left = merge.substring(0, space);
      String right = merge.substring(space + 1);
      assertThat(vocabulary).as("merge '%s'", merge).contains(left, right, left + right);
    }
  }

  @Test
  void everyCyrillicLetterEmojiAndWordIsOneToken() {
    TestTokenizer tokenizer =
        new TestTokenizer(tokens, gguf.metadata().strings("tokenizer.ggml.merges"));
    String letters = "АБВГДЕЁЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯабвгдеёжзийклмнопрстуфхцчшщъыьэюя";
    assertThat(letters).hasSize(66);
    for (char letter : letters.toCharArray()) {
      String text = String.valueOf(letter);
      assertThat(tokens).contains(ByteUnicode.encode(text));
      assertThat(tokenizer.tokenize(text)).as(text).hasSize(1);
    }
    List<String> singles = new ArrayList<>(TinyVocab.EMOJI);
    singles.addAll(TinyVocab.RUSSIAN_WORDS);
    TinyVocab.RUSSIAN_WORDS.forEach(w -> singles.add(" " + w));
    singles.addAll(List.of("Привет", "Сегодня", " Это", "hello", " world", "assistant", "\n\n"));
    for (String text : singles) {
      assertThat(tokenizer.tokenize(text)).as("'%s'", text).hasSize(1);
    }
    assertThat(TinyVocab.RUSSIAN_WORDS).hasSize(48);
    assertThat(tokenizer.tokenize("Привет мир")).containsExactly(id("Привет"), id(" мир"));
    assertThat(tokenizer.tokenize("Ёж")).containsExactly(id("Ё"), id("ж"));
    assertThat(tokenizer.tokenize("🫖")).containsExactly(id("🫖"));
    assertThat(tokenizer.tokenize("<|eot_id|>")).containsExactly(tokens.size() - 1);
  }

  @Test
  void tensorsAreTheLlamaSetInF32() {
    long vocab = tokens.size();
    Map<String, long[]> expected = new LinkedHashMap<>();
    expected.put("token_embd.weight", new long[] {256, vocab});
    for (int layer = 0; layer < 2; layer++) {
      String p = "blk." + layer + ".";
      expected.put(p + "attn_norm.weight", new long[] {256});
      expected.put(p + "attn_q.weight", new long[] {256, 256});
      expected.put(p + "attn_k.weight", new long[] {256, 128});
      expected.put(p + "attn_v.weight", new long[] {256, 128});
      expected.put(p + "attn_output.weight", new long[] {256, 256});
      expected.put(p + "ffn_norm.weight", new long[] {256});
      expected.put(p + "ffn_gate.weight", new long[] {256, 256});
      expected.put(p + "ffn_up.weight", new long[] {256, 256});
      expected.put(p + "ffn_down.weight", new long[] {256, 256});
    }
    expected.put("output_norm.weight", new long[] {256});
    expected.put("output.weight", new long[] {256, vocab});
    assertThat(gguf.tensors().stream().map(TensorInfo::name))
        .containsExactlyElementsOf(expected.keySet());
    for (TensorInfo tensor : gguf.tensors()) {
      assertThat(tensor.type()).isEqualTo(GgmlType.F32);
      assertThat(tensor.ne()).as(tensor.name()).containsExactly(expected.get(tensor.name()));
    }
  }

  private static int id(String text) {
    return tokens.indexOf(ByteUnicode.encode(text.getBytes(StandardCharsets.UTF_8)));
  }

  private static String sha256(Path file) throws IOException {
    try {
      return HexFormat.of()
          .formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
