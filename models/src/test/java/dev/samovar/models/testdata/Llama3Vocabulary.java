package dev.samovar.models.testdata;

import dev.samovar.models.gguf.GgufMetadata;
import dev.samovar.models.gguf.GgufWriter;
import dev.samovar.models.tiny.ByteUnicode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import java.util.zip.GZIPInputStream;

/**
 * The Llama-3 vocabulary from Meta's tiktoken-format {@code tokenizer.model} (a line per token: its
 * bytes in base64, a space, its rank), as llama.cpp's vocabulary-only GGUF holds it: the 128000
 * ranked tokens in GPT-2's byte-to-unicode spelling, then Meta's 256 special tokens; the merges
 * derived from the ranks as Hugging Face's tiktoken converter derives them.
 */
public final class Llama3Vocabulary {
  /** Meta's file, gzip-compressed, under {@code testdata/}. */
  public static final String TOKENIZER_MODEL = "tokenizers/llama3-tokenizer.model.gz";

  private static final int RANKED = 128_000;
  private static final int SPECIAL = 256;
  private static final int NORMAL = 1;
  private static final int CONTROL = 3;

  private final List<String> tokens;
  private final List<String> merges;

  private Llama3Vocabulary(List<String> tokens, List<String> merges) {
    this.tokens = tokens;
    this.merges = merges;
  }

  /** Reads a gzip-compressed tiktoken file; fails unless it holds ranks 0 to 127999 in order. */
  public static Llama3Vocabulary fromTiktoken(Path gzipped) throws IOException {
    List<String> ranked = new ArrayList<>(RANKED);
    try (BufferedReader lines =
        new BufferedReader(
            new InputStreamReader(
                new GZIPInputStream(Files.newInputStream(gzipped)), StandardCharsets.US_ASCII))) {
      for (String line = lines.readLine(); line != null; line = lines.readLine()) {
        int space = line.indexOf(' ');
        if (space < 0 || Integer.parseInt(line.substring(space + 1)) != ranked.size()) {
          throw new IOException(gzipped + " line " + (ranked.size() + 1) + ": not 'base64 rank'");
        }
        ranked.add(ByteUnicode.encode(Base64.getDecoder().decode(line.substring(0, space))));
      }
    }
    if (ranked.size() != RANKED) {
      throw new IOException(gzipped + " has " + ranked.size() + " tokens, not " + RANKED);
    }
    List<String> tokens = new ArrayList<>(ranked);
    tokens.addAll(specialTokens());
    return new Llama3Vocabulary(List.copyOf(tokens), merges(ranked));
  }

  /** Meta's special tokens, ids 128000 to 128255, in order (Llama 3's tokenizer.py). */
  static List<String> specialTokens() {
    List<String> special = new ArrayList<>(SPECIAL);
    special.addAll(
        List.of(
            "<|begin_of_text|>",
            "<|end_of_text|>",
            "<|reserved_special_token_0|>",
            "<|reserved_special_token_1|>",
            "<|reserved_special_token_2|>",
            "<|reserved_special_token_3|>",
            "<|start_header_id|>",
            "<|end_header_id|>",
            "<|reserved_special_token_4|>",
            "<|eot_id|>"));
    for (int i = 5; special.size() < SPECIAL; i++) {
      special.add("<|reserved_special_token_" + i + "|>");
    }
    return special;
  }

  /**
   * Every split of a token into two tokens is a merge; merges are ordered by the rank of the token
   * they make, then by the ranks of their left and right parts.
   */
  static List<String> merges(List<String> ranked) {
    Map<String, Integer> rank = new HashMap<>(ranked.size() * 2);
    for (int i = 0; i < ranked.size(); i++) {
      rank.put(ranked.get(i), i);
    }
    List<String> merges = new ArrayList<>();
    for (String token : ranked) {
      List<int[]> splits = new ArrayList<>();
      for (int at = 1; at < token.length(); at++) {
        Integer left = rank.get(token.substring(0, at));
        Integer right = rank.get(token.substring(at));
        if (left != null && right != null) {
          splits.add(new int[] {left, right, at});
        }
      }
      splits.sort(
          (a, b) -> a[0] != b[0] ? Integer.compare(a[0], b[0]) : Integer.compare(a[1], b[1]));
      for (int[] split : splits) {
        merges.add(token.substring(0, split[2]) + " " + token.substring(split[2]));
      }
    }
    return List.copyOf(merges);
  }

  public List<String> tokens() {
    return tokens;
  }

  public List<String> merges() {
    return merges;
  }

  /** Writes the vocabulary as llama.cpp's {@code ggml-vocab-llama-bpe.gguf}, byte for byte. */
  public void writeGguf(Path path) throws IOException {
    int[] types =
        IntStream.range(0, tokens.size()).map(id -> id < RANKED ? NORMAL : CONTROL).toArray();
    GgufMetadata metadata =
        GgufMetadata.builder()
            .string("general.architecture", "llama")
            .string("general.name", "llama-bpe")
            .u32("llama.block_count", 32)
            .u32("llama.context_length", 8192)
            .u32("llama.embedding_length", 4096)
            .u32("llama.feed_forward_length", 14336)
            .u32("llama.attention.head_count", 32)
            .u32("llama.attention.head_count_kv", 8)
            .f32("llama.rope.freq_base", 500000f)
            .f32("llama.attention.layer_norm_rms_epsilon", 1e-5f)
            .u32("general.file_type", 1)
            .u32("llama.vocab_size", tokens.size())
            .u32("llama.rope.dimension_count", 128)
            .string("tokenizer.ggml.model", "gpt2")
            .string("tokenizer.ggml.pre", "llama-bpe")
            .strings("tokenizer.ggml.tokens", tokens)
            .i32s("tokenizer.ggml.token_type", types)
            .strings("tokenizer.ggml.merges", merges)
            .u32("tokenizer.ggml.bos_token_id", RANKED)
            .u32("tokenizer.ggml.eos_token_id", RANKED + 1)
            .build();
    try (GgufWriter writer = GgufWriter.create(path, metadata, List.of())) {
      // the header is the whole file
    }
  }
}
