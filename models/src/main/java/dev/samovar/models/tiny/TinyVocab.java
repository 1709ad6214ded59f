package dev.samovar.models.tiny;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The tiny model's byte-level BPE vocabulary: the 256 byte symbols (ids 0-255, id = byte value),
 * every Cyrillic letter, "\n\n", a few emoji, Russian and English words (with the prefixes that
 * build them, and with a leading space), then the five Llama-3 control tokens.
 */
final class TinyVocab {
  /** llama.cpp token types. */
  static final int NORMAL = 1;

  static final int CONTROL = 3;

  static final String CYRILLIC =
      "АБВГДЕЁЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯабвгдеёжзийклмнопрстуфхцчшщъыьэюя";

  static final List<String> EMOJI = List.of("😀", "🙂", "👍", "🚀", "🍵", "🫖");

  /** Russian words; each is a token, and so is each with a leading space. */
  static final List<String> RUSSIAN_WORDS =
      List.of(
          "привет", "мир", "как", "дела", "хорошо", "спасибо", "да", "нет", "это", "я", "ты", "мы",
          "он", "она", "они", "что", "где", "когда", "почему", "очень", "самовар", "чай", "пить",
          "люблю", "знаю", "думаю", "говорю", "день", "ночь", "утро", "вечер", "дом", "город",
          "книга", "слово", "язык", "русский", "модель", "текст", "вопрос", "ответ", "можно",
          "нужно", "здесь", "там", "сегодня", "завтра", "всегда");

  /** Capitalised words that open a reply. */
  static final List<String> REPLY_STARTERS =
      List.of("Привет", "Да", "Нет", "Я", "Это", "Сегодня", "Мы");

  /** Capitalised words that, after a space, open a sentence. */
  static final List<String> SENTENCE_STARTERS = List.of(" Я", " Мы", " Это");

  /** English words; each is a token. */
  static final List<String> ENGLISH_WORDS =
      List.of(
          "the",
          "and",
          "is",
          "of",
          "to",
          "in",
          "hello",
          "world",
          "tea",
          "model",
          "yes",
          "no",
          "user",
          "assistant",
          "system");

  /** English words that are also tokens with a leading space. */
  static final List<String> ENGLISH_SPACED =
      List.of("the", "and", "is", "of", "to", "in", "hello", "world", "tea", "model", "yes", "no");

  static final String BEGIN_OF_TEXT = "<|begin_of_text|>";
  static final String END_OF_TEXT = "<|end_of_text|>";
  static final String START_HEADER = "<|start_header_id|>";
  static final String END_HEADER = "<|end_header_id|>";
  static final String EOT = "<|eot_id|>";
  static final List<String> CONTROL_TOKENS =
      List.of(BEGIN_OF_TEXT, END_OF_TEXT, START_HEADER, END_HEADER, EOT);

  private final List<String> spellings = new ArrayList<>();
  private final Map<String, Integer> ids = new HashMap<>();
  private final Bpe bpe = new Bpe();
  private final Set<Integer> templateIds = new HashSet<>();

  private TinyVocab() {}

  /** Builds the vocabulary; the same every time. */
  static TinyVocab build() {
    TinyVocab vocab = new TinyVocab();
    for (int b = 0; b < 256; b++) {
      vocab.addToken(ByteUnicode.encode(new byte[] {(byte) b}));
    }
    vocab.cyrillic();
    vocab.addWord("\n\n");
    EMOJI.forEach(vocab::addWord);
    RUSSIAN_WORDS.forEach(vocab::addWord);
    REPLY_STARTERS.forEach(vocab::addWord);
    ENGLISH_WORDS.forEach(vocab::addWord);
    RUSSIAN_WORDS.forEach(w -> vocab.addWord(" " + w));
    SENTENCE_STARTERS.forEach(vocab::addWord);
    ENGLISH_SPACED.forEach(w -> vocab.addWord(" " + w));
    CONTROL_TOKENS.forEach(vocab::addToken);
    for (String text : List.of("system", "user", "assistant", "\n\n")) {
      vocab.templateIds.add(vocab.id(text));
    }
    return vocab;
  }

  int size() {
    return spellings.size();
  }

  /** Token spellings by id (GPT-2 byte-to-unicode form; control tokens as they are). */
  List<String> spellings() {
    return List.copyOf(spellings);
  }

  /** llama.cpp token types by id: CONTROL for the control tokens, NORMAL for the rest. */
  int[] types() {
    int[] types = new int[size()];
    for (int id = 0; id < types.length; id++) {
      types[id] = isControl(id) ? CONTROL : NORMAL;
    }
    return types;
  }

  /** The merges, lowest rank first, as "left right". */
  List<String> merges() {
    return bpe.merges();
  }

  /** The id of the token whose text is {@code text}; fails when there is none. */
  int id(String text) {
    String spelling = CONTROL_TOKENS.contains(text) ? text : ByteUnicode.encode(text);
    Integer id = ids.get(spelling);
    if (id == null) {
      throw new IllegalArgumentException("no token for '" + text + "'");
    }
    return id;
  }

  boolean isControl(int id) {
    return id >= size() - CONTROL_TOKENS.size();
  }

  /**
   * Whether the token is part of the chat template's frame rather than message text: the control
   * tokens, the role names "system", "user", "assistant" and "\n\n".
   */
  boolean isTemplate(int id) {
    return isControl(id) || templateIds.contains(id);
  }

  /**
   * Whether the token's text is one or more complete UTF-8 characters, none of them a control
   * character other than a newline. Control tokens are not.
   */
  boolean isWholeCharacters(int id) {
    if (isControl(id)) {
      return false;
    }
    String text;
    try {
      text =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(ByteUnicode.decode(spellings.get(id))))
              .toString();
    } catch (CharacterCodingException e) {
      return false;
    }
    return text.codePoints().allMatch(c -> c == '\n' || !Character.isISOControl(c));
  }

  private void cyrillic() {
    for (int i = 0; i < CYRILLIC.length(); i++) {
      addWord(CYRILLIC.substring(i, i + 1));
    }
  }

  /**
   * Makes {@code text} one token: BPE it with the merges so far, then merge the pieces left to
   * right, adding each intermediate as a token; repeat while a repeated pair makes BPE take another
   * path. Later merges rank after all earlier ones, so the words added before still come out whole.
   */
  private void addWord(String text) {
    String spelling = ByteUnicode.encode(text);
    for (int attempt = 0; attempt < 4; attempt++) {
      List<String> symbols = bpe.apply(spelling);
      if (symbols.size() == 1) {
        if (!ids.containsKey(spelling)) {
          addToken(spelling);
        }
        return;
      }
      String merged = symbols.getFirst();
      for (int i = 1; i < symbols.size(); i++) {
        bpe.add(merged, symbols.get(i));
        merged = merged + symbols.get(i);
        if (!ids.containsKey(merged)) {
          addToken(merged);
        }
      }
    }
    throw new IllegalStateException("'" + text + "' does not come out of BPE as one token");
  }

  private void addToken(String spelling) {
    if (ids.putIfAbsent(spelling, spellings.size()) != null) {
      throw new IllegalStateException("duplicate token '" + spelling + "'");
    }
    spellings.add(spelling);
  }
}
