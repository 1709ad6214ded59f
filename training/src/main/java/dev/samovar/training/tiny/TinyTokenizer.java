package dev.samovar.training.tiny;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.samovar.models.tiny.Bpe;
import dev.samovar.models.tiny.TinyModel;
import dev.samovar.training.hf.HfTokenizer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A small Llama-3-style byte-level BPE tokenizer for tiny checkpoints: the 256 byte tokens (ids
 * 0-255), merges learned from a little English and Russian text, and Llama-3's special tokens at
 * the end of the vocabulary. Writes tokenizer.json and tokenizer_config.json as Meta's files look
 * (no add_bos_token: BOS comes from the post-processor template) and tokenizes like llama.cpp.
 */
public final class TinyTokenizer {
  /** Llama-3's special tokens, in the order of their ids at the end of the vocabulary. */
  public static final List<String> SPECIAL =
      List.of(
          "<|begin_of_text|>",
          "<|end_of_text|>",
          "<|reserved_special_token_0|>",
          "<|reserved_special_token_1|>",
          "<|finetune_right_pad_id|>",
          "<|reserved_special_token_2|>",
          "<|start_header_id|>",
          "<|end_header_id|>",
          "<|eom_id|>",
          "<|eot_id|>",
          "<|python_tag|>",
          "<|reserved_special_token_3|>",
          "<|reserved_special_token_4|>",
          "<|reserved_special_token_5|>",
          "<|reserved_special_token_6|>",
          "<|reserved_special_token_7|>");

  private static final String CORPUS =
      "the quick brown fox jumps over the lazy dog. hello world, this is a test of the tokenizer"
          + " and the model. tea and a samovar on the table; the water is hot and the tea is"
          + " strong. Привет, мир! Как дела? Сегодня мы пьём чай из самовара. Это хороший чай,"
          + " и мы говорим о погоде, о работе и о жизни. Да, нет, может быть. Спасибо большое!"
          + " numbers 123 456 7890 and more text about models, merges and tokens in the vocabulary."
          + " Москва, Санкт-Петербург и Казань; зима, весна, лето и осень. Хорошего дня!"
          + " Java and llama servers answer quickly when the weights are exported correctly.";

  private static final Pattern SPLIT = Pattern.compile(HfTokenizer.LLAMA3_SPLIT);

  private final List<String> tokens = new ArrayList<>();
  private final Bpe bpe = new Bpe();

  private TinyTokenizer(int vocabSize) {
    for (int b = 0; b < 256; b++) {
      tokens.add(ByteLevel.spell(b));
    }
    List<List<String>> words = new ArrayList<>();
    for (String piece : pretokenize(CORPUS)) {
      List<String> symbols = new ArrayList<>();
      for (char c : ByteLevel.spell(piece).toCharArray()) {
        symbols.add(String.valueOf(c));
      }
      words.add(symbols);
    }
    int normal = vocabSize - SPECIAL.size();
    while (tokens.size() < normal) {
      Map<String, Integer> counts = new TreeMap<>();
      for (List<String> word : words) {
        for (int i = 0; i + 1 < word.size(); i++) {
          counts.merge(word.get(i) + " " + word.get(i + 1), 1, Integer::sum);
        }
      }
      String best = null;
      for (Map.Entry<String, Integer> e : counts.entrySet()) {
        String merged = e.getKey().replace(" ", "");
        if (!tokens.contains(merged) && (best == null || e.getValue() > counts.get(best))) {
          best = e.getKey();
        }
      }
      if (best == null) {
        throw new IllegalStateException("the corpus gives only " + tokens.size() + " tokens");
      }
      String[] pair = best.split(" ");
      bpe.add(pair[0], pair[1]);
      tokens.add(pair[0] + pair[1]);
      for (List<String> word : words) {
        for (int i = 0; i + 1 < word.size(); i++) {
          if (word.get(i).equals(pair[0]) && word.get(i + 1).equals(pair[1])) {
            word.set(i, pair[0] + pair[1]);
            word.remove(i + 1);
          }
        }
      }
    }
  }

  private static final Map<Integer, TinyTokenizer> BUILT = new ConcurrentHashMap<>();

  /** A tokenizer with {@code vocabSize} tokens, of which the last 16 are special. */
  public static TinyTokenizer of(int vocabSize) {
    return BUILT.computeIfAbsent(vocabSize, TinyTokenizer::new);
  }

  /** The id of the special token {@code special}. */
  public int id(String special) {
    return tokens.size() + SPECIAL.indexOf(special);
  }

  /** Token ids of {@code text} as llama.cpp's llama-bpe tokenizer gives them (no BOS). */
  public int[] encode(String text) {
    List<Integer> ids = new ArrayList<>();
    for (String piece : pretokenize(text)) {
      List<String> symbols = bpe.apply(ByteLevel.spell(piece));
      for (String symbol : symbols) {
        ids.add(tokens.indexOf(symbol));
      }
    }
    return ids.stream().mapToInt(Integer::intValue).toArray();
  }

  private static List<String> pretokenize(String text) {
    List<String> pieces = new ArrayList<>();
    Matcher m = SPLIT.matcher(text);
    while (m.find()) {
      pieces.add(m.group());
    }
    return pieces;
  }

  /** Writes tokenizer.json (merges as pairs, or as "a b" strings) and tokenizer_config.json. */
  public void write(Path dir, boolean mergesAsPairs) throws IOException {
    ObjectMapper json = new ObjectMapper();
    ObjectNode root = json.createObjectNode();
    root.put("version", "1.0");
    root.putNull("truncation");
    root.putNull("padding");
    ArrayNode added = root.putArray("added_tokens");
    Map<String, ObjectNode> decoder = new LinkedHashMap<>();
    for (String special : SPECIAL) {
      ObjectNode token = added.addObject();
      token.put("id", id(special));
      token.put("content", special);
      token.put("single_word", false);
      token.put("lstrip", false);
      token.put("rstrip", false);
      token.put("normalized", false);
      token.put("special", true);
      decoder.put(String.valueOf(id(special)), token);
    }
    root.putNull("normalizer");
    root.set("pre_tokenizer", preTokenizer(json));
    root.set("post_processor", postProcessor(json, id("<|begin_of_text|>")));
    ObjectNode decoderNode = root.putObject("decoder");
    decoderNode.put("type", "ByteLevel");
    ObjectNode model = root.putObject("model");
    model.put("type", "BPE");
    model.putNull("dropout");
    model.putNull("unk_token");
    model.put("fuse_unk", false);
    model.put("byte_fallback", false);
    model.put("ignore_merges", true);
    ObjectNode vocab = model.putObject("vocab");
    for (int i = 0; i < tokens.size(); i++) {
      vocab.put(tokens.get(i), i);
    }
    ArrayNode mergeList = model.putArray("merges");
    for (String merge : bpe.merges()) {
      String[] pair = merge.split(" ");
      if (mergesAsPairs) {
        mergeList.addArray().add(pair[0]).add(pair[1]);
      } else {
        mergeList.add(merge);
      }
    }
    json.writeValue(dir.resolve("tokenizer.json").toFile(), root);

    ObjectNode config = json.createObjectNode();
    ObjectNode decoders = config.putObject("added_tokens_decoder");
    decoder.forEach(decoders::set);
    config.put("bos_token", "<|begin_of_text|>");
    config.put("chat_template", TinyModel.CHAT_TEMPLATE);
    config.put("clean_up_tokenization_spaces", true);
    config.put("eos_token", "<|eot_id|>");
    config.putArray("model_input_names").add("input_ids").add("attention_mask");
    config.put("model_max_length", 1000000);
    config.put("tokenizer_class", "PreTrainedTokenizerFast");
    json.writerWithDefaultPrettyPrinter()
        .writeValue(dir.resolve("tokenizer_config.json").toFile(), config);
  }

  /** Meta's pre-tokenizer: a split on Llama-3's regex, then byte-level characters. */
  public static ObjectNode preTokenizer(ObjectMapper json) {
    ObjectNode pre = json.createObjectNode();
    pre.put("type", "Sequence");
    ArrayNode steps = pre.putArray("pretokenizers");
    ObjectNode split = steps.addObject();
    split.put("type", "Split");
    split.putObject("pattern").put("Regex", HfTokenizer.LLAMA3_SPLIT);
    split.put("behavior", "Isolated");
    split.put("invert", false);
    ObjectNode byteLevel = steps.addObject();
    byteLevel.put("type", "ByteLevel");
    byteLevel.put("add_prefix_space", false);
    byteLevel.put("trim_offsets", true);
    byteLevel.put("use_regex", false);
    return pre;
  }

  /** Meta's post-processor: byte-level offsets, then BOS before each sequence. */
  public static ObjectNode postProcessor(ObjectMapper json, int bosId) {
    ObjectNode post = json.createObjectNode();
    post.put("type", "Sequence");
    ArrayNode processors = post.putArray("processors");
    ObjectNode byteLevel = processors.addObject();
    byteLevel.put("type", "ByteLevel");
    byteLevel.put("add_prefix_space", true);
    byteLevel.put("trim_offsets", false);
    byteLevel.put("use_regex", true);
    ObjectNode template = processors.addObject();
    template.put("type", "TemplateProcessing");
    ArrayNode single = template.putArray("single");
    single.addObject().putObject("SpecialToken").put("id", "<|begin_of_text|>").put("type_id", 0);
    single.addObject().putObject("Sequence").put("id", "A").put("type_id", 0);
    ArrayNode pair = template.putArray("pair");
    pair.addObject().putObject("SpecialToken").put("id", "<|begin_of_text|>").put("type_id", 0);
    pair.addObject().putObject("Sequence").put("id", "A").put("type_id", 0);
    pair.addObject().putObject("SpecialToken").put("id", "<|begin_of_text|>").put("type_id", 1);
    pair.addObject().putObject("Sequence").put("id", "B").put("type_id", 1);
    ObjectNode specials = template.putObject("special_tokens");
    ObjectNode bos = specials.putObject("<|begin_of_text|>");
    bos.put("id", "<|begin_of_text|>");
    bos.putArray("ids").add(bosId);
    bos.putArray("tokens").add("<|begin_of_text|>");
    return post;
  }
}
