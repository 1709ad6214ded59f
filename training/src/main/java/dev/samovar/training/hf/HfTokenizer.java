package dev.samovar.training.hf;

import com.fasterxml.jackson.databind.JsonNode;
import dev.samovar.training.TrainingException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Reads a Llama-3 byte-level BPE tokenizer from {@code tokenizer.json} and {@code
 * tokenizer_config.json}: tokens (the model vocabulary plus added tokens, gaps filled with unused
 * {@code [PAD<id>]}), types (added special tokens and {@code <|...|>} texts are control tokens),
 * merges, BOS/EOS/EOT, whether BOS is added (from {@code add_bos_token}, else from the
 * post-processor's template, as in Meta's files) and the chat template.
 */
public final class HfTokenizer {
  /** The tokenizer file of a model directory. */
  public static final String TOKENIZER = "tokenizer.json";

  /** The tokenizer settings file of a model directory. */
  public static final String TOKENIZER_CONFIG = "tokenizer_config.json";

  /** Llama-3's pre-tokenizer split, which llama.cpp implements as {@code llama-bpe}. */
  public static final String LLAMA3_SPLIT =
      "(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}{1,3}|"
          + " ?[^\\s\\p{L}\\p{N}]+[\\r\\n]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+";

  private HfTokenizer() {}

  /** Reads the tokenizer of {@code dir} for a model with {@code vocabSize} token rows. */
  public static Vocabulary read(Path dir, int vocabSize) throws IOException {
    Path tokenizerFile = dir.resolve(TOKENIZER);
    Path configFile = dir.resolve(TOKENIZER_CONFIG);
    JsonNode tokenizer = JsonFiles.read(tokenizerFile);
    JsonNode config = JsonFiles.read(configFile);
    JsonNode model = tokenizer.get("model");
    if (model == null || !"BPE".equals(JsonFiles.text(tokenizerFile, model, "type", null))) {
      throw new TrainingException(
          tokenizerFile + " is not a BPE tokenizer; samovar exports Llama-3 byte-level BPE");
    }
    if (JsonFiles.bool(tokenizerFile, model, "byte_fallback", false)) {
      throw new TrainingException(
          tokenizerFile + " uses byte_fallback (SentencePiece-style); samovar exports Llama-3 BPE");
    }
    checkPreTokenizer(tokenizerFile, tokenizer.get("pre_tokenizer"));

    String[] tokens = new String[vocabSize];
    int[] types = new int[vocabSize];
    Map<String, Integer> ids = new HashMap<>();
    JsonNode vocab = model.get("vocab");
    if (vocab == null || !vocab.isObject()) {
      throw new TrainingException(tokenizerFile + " has no model.vocab");
    }
    for (Map.Entry<String, JsonNode> entry : vocab.properties()) {
      place(tokenizerFile, tokens, types, ids, entry.getKey(), entry.getValue(), Vocabulary.NORMAL);
    }
    JsonNode added = tokenizer.get("added_tokens");
    if (added != null && added.isArray()) {
      for (JsonNode token : added) {
        String content = JsonFiles.text(tokenizerFile, token, "content", null);
        if (content == null) {
          throw new TrainingException(tokenizerFile + " has an added token without content");
        }
        boolean special = JsonFiles.bool(tokenizerFile, token, "special", false);
        boolean looksSpecial = content.startsWith("<|") && content.endsWith("|>");
        int type = special || looksSpecial ? Vocabulary.CONTROL : Vocabulary.USER_DEFINED;
        Integer existing = ids.get(content);
        int id = idOf(tokenizerFile, token.get("id"), content, vocabSize);
        if (existing != null && existing == id) {
          types[id] = type;
        } else {
          place(tokenizerFile, tokens, types, ids, content, token.get("id"), type);
        }
      }
    }
    for (int i = 0; i < vocabSize; i++) {
      if (tokens[i] == null) {
        tokens[i] = "[PAD" + i + "]";
        types[i] = Vocabulary.UNUSED;
        if (ids.putIfAbsent(tokens[i], i) != null) {
          throw new TrainingException(
              tokenizerFile + " has a token '" + tokens[i] + "' that clashes with a padding token");
        }
      }
    }
    List<String> merges = merges(tokenizerFile, model.get("merges"));

    int bos = special(configFile, config, "bos_token", ids);
    int eos = special(configFile, config, "eos_token", ids);
    Integer eot = ids.get("<|eot_id|>");
    JsonNode postProcessor = tokenizer.get("post_processor");
    boolean addBos =
        config.has("add_bos_token") && !config.get("add_bos_token").isNull()
            ? JsonFiles.bool(configFile, config, "add_bos_token", false)
            : templateStartsWith(postProcessor, tokens[bos]);
    Optional<Boolean> addEos =
        config.has("add_eos_token") && !config.get("add_eos_token").isNull()
            ? Optional.of(JsonFiles.bool(configFile, config, "add_eos_token", false))
            : Optional.empty();
    return new Vocabulary(
        Arrays.asList(tokens),
        types,
        merges,
        bos,
        eos,
        eot == null ? OptionalInt.empty() : OptionalInt.of(eot),
        addBos,
        addEos,
        chatTemplate(configFile, config.get("chat_template")));
  }

  private static void checkPreTokenizer(Path file, JsonNode preTokenizer) {
    List<JsonNode> steps = new ArrayList<>();
    if (preTokenizer != null && "Sequence".equals(preTokenizer.path("type").asText())) {
      preTokenizer.path("pretokenizers").forEach(steps::add);
    } else if (preTokenizer != null) {
      steps.add(preTokenizer);
    }
    boolean split = false;
    boolean byteLevel = false;
    for (JsonNode step : steps) {
      String type = step.path("type").asText();
      if (type.equals("Split")) {
        split |= LLAMA3_SPLIT.equals(step.path("pattern").path("Regex").asText());
      } else if (type.equals("ByteLevel")) {
        byteLevel = true;
      }
    }
    if (!split || !byteLevel) {
      throw new TrainingException(
          file
              + " does not pre-tokenize like Llama-3 (a Split on Llama-3's regex, then ByteLevel);"
              + " samovar exports Llama-3 tokenizers only (llama.cpp's llama-bpe)");
    }
  }

  private static void place(
      Path file,
      String[] tokens,
      int[] types,
      Map<String, Integer> ids,
      String token,
      JsonNode idNode,
      int type) {
    int id = idOf(file, idNode, token, tokens.length);
    if (tokens[id] != null) {
      throw new TrainingException(
          file + " gives id " + id + " to both '" + tokens[id] + "' and '" + token + "'");
    }
    if (ids.putIfAbsent(token, id) != null) {
      throw new TrainingException(
          file + " has token '" + token + "' twice (ids " + ids.get(token) + " and " + id + ")");
    }
    tokens[id] = token;
    types[id] = type;
  }

  private static int idOf(Path file, JsonNode idNode, String token, int vocabSize) {
    if (idNode == null || !idNode.isIntegralNumber()) {
      throw new TrainingException(file + " gives token '" + token + "' no integer id");
    }
    long id = idNode.asLong();
    if (id < 0 || id >= vocabSize) {
      throw new TrainingException(
          file
              + " gives token '"
              + token
              + "' id "
              + id
              + ", outside the model's "
              + vocabSize
              + " token rows (config.json vocab_size)");
    }
    return (int) id;
  }

  private static List<String> merges(Path file, JsonNode node) {
    if (node == null || !node.isArray() || node.isEmpty()) {
      throw new TrainingException(file + " has no model.merges");
    }
    List<String> merges = new ArrayList<>(node.size());
    for (JsonNode merge : node) {
      if (merge.isTextual()) {
        merges.add(merge.asText());
      } else if (merge.isArray() && merge.size() == 2) {
        merges.add(merge.get(0).asText() + " " + merge.get(1).asText());
      } else {
        throw new TrainingException(file + " has a merge " + merge + ", not \"a b\" or [a, b]");
      }
    }
    return merges;
  }

  private static int special(Path file, JsonNode config, String field, Map<String, Integer> ids) {
    JsonNode value = config.get(field);
    String content =
        value == null || value.isNull()
            ? null
            : value.isTextual() ? value.asText() : value.path("content").asText(null);
    if (content == null) {
      throw new TrainingException(file + " has no " + field);
    }
    Integer id = ids.get(content);
    if (id == null) {
      throw new TrainingException(
          file + ": " + field + " '" + content + "' is not a token of " + TOKENIZER);
    }
    return id;
  }

  /** Whether the post-processor's single-sequence template starts with {@code token}. */
  private static boolean templateStartsWith(JsonNode postProcessor, String token) {
    if (postProcessor == null || postProcessor.isNull()) {
      return false;
    }
    if ("Sequence".equals(postProcessor.path("type").asText())) {
      for (JsonNode step : postProcessor.path("processors")) {
        if (templateStartsWith(step, token)) {
          return true;
        }
      }
      return false;
    }
    if (!"TemplateProcessing".equals(postProcessor.path("type").asText())) {
      return false;
    }
    JsonNode first = postProcessor.path("single").path(0);
    return token.equals(first.path("SpecialToken").path("id").asText(null));
  }

  private static Optional<String> chatTemplate(Path file, JsonNode node) {
    if (node == null || node.isNull()) {
      return Optional.empty();
    }
    if (node.isTextual()) {
      return Optional.of(node.asText());
    }
    if (node.isArray()) {
      for (JsonNode named : node) {
        if ("default".equals(named.path("name").asText())) {
          return Optional.of(named.path("template").asText());
        }
      }
    }
    throw new TrainingException(
        file + ": chat_template is neither a string nor a list with a 'default' template");
  }
}
