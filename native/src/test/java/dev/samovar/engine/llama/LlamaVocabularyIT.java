package dev.samovar.engine.llama;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.samovar.models.testdata.TestData;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The Llama-3 vocabulary, loaded without weights, against llama.cpp's tokenizer test vectors. */
class LlamaVocabularyIT {
  private static final String SEPARATOR = "\n__ggml_vocab_test__\n";
  private static final int BEGIN_OF_TEXT = 128000;
  private static final int EOT = 128009;

  private static LlamaModelFile model;
  private static LlamaVocabulary vocabulary;

  @BeforeAll
  static void load() {
    model = LlamaModelFile.load(TestData.llama3Vocab(), true);
    vocabulary = model.vocabulary();
  }

  @AfterAll
  static void free() {
    model.close();
  }

  @Test
  void tokenizesEveryTestVectorAsExpected() throws IOException {
    String inputs =
        Files.readString(TestData.file("tokenizers/llama3-vocab.inp"), StandardCharsets.UTF_8);
    List<String> expected =
        Files.readAllLines(TestData.file("tokenizers/llama3-vocab.out"), StandardCharsets.UTF_8);
    List<String> texts = new ArrayList<>(Arrays.asList(inputs.split(SEPARATOR, -1)));
    assertThat(texts.removeLast()).as("text after the last separator").isEmpty();
    assertThat(texts).hasSize(expected.size()).hasSize(46);
    for (int i = 0; i < texts.size(); i++) {
      int[] ids =
          Arrays.stream(expected.get(i).strip().split(" "))
              .filter(s -> !s.isEmpty())
              .mapToInt(Integer::parseInt)
              .toArray();
      assertThat(vocabulary.tokenize(texts.get(i), false, false))
          .as("vector %d: \"%s\"", i + 1, texts.get(i))
          .containsExactly(ids);
    }
  }

  @Test
  void addSpecialAddsBeginOfText() {
    assertThat(vocabulary.tokenize("Hello world", true, false))
        .containsExactly(BEGIN_OF_TEXT, 9906, 1917);
  }

  @Test
  void controlTokenTextBecomesATokenOnlyWhenParsingSpecial() {
    assertThat(vocabulary.tokenize("<|eot_id|>", false, true)).containsExactly(EOT);
    int[] plain = vocabulary.tokenize("<|eot_id|>", false, false);
    assertThat(plain).hasSizeGreaterThan(1).doesNotContain(EOT);
    assertThat(vocabulary.detokenize(plain)).isEqualTo("<|eot_id|>");
  }

  @Test
  void russianTextAndEmojiRoundTrip() {
    String text = "Привет, мир! Как дела? 🙂🚀 ёЁ";
    int[] tokens = vocabulary.tokenize(text, false, false);
    assertThat(vocabulary.detokenize(tokens)).isEqualTo(text);
  }

  @Test
  void detokenizeRendersControlTokensAsText() {
    assertThat(vocabulary.detokenize(new int[] {BEGIN_OF_TEXT, 9906, EOT}))
        .isEqualTo("<|begin_of_text|>Hello<|eot_id|>");
  }

  @Test
  void piecesOfASplitCharacterAreBytes() {
    byte[] all = new byte[0];
    for (int token : vocabulary.tokenize("🙂", false, false)) {
      try (Arena arena = Arena.ofConfined()) {
        byte[] piece = vocabulary.piece(token, false, arena.allocate(2));
        byte[] joined = Arrays.copyOf(all, all.length + piece.length);
        System.arraycopy(piece, 0, joined, all.length, piece.length);
        all = joined;
      }
    }
    assertThat(new String(all, StandardCharsets.UTF_8)).isEqualTo("🙂");
  }

  @Test
  void knowsTheVocabularyAndItsEndOfGenerationToken() {
    assertThat(vocabulary.size()).isEqualTo(128256);
    assertThat(vocabulary.isEndOfGeneration(EOT)).isTrue();
    assertThat(vocabulary.isEndOfGeneration(9906)).isFalse();
  }

  @Test
  void refusesTokenIdsOutsideTheVocabulary() {
    assertThatThrownBy(() -> vocabulary.detokenize(new int[] {9906, 128256}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("token id 128256 is outside the vocabulary [0, 128256)");
    assertThatThrownBy(() -> vocabulary.detokenize(new int[] {-1}))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void emptyTextHasNoTokens() {
    assertThat(vocabulary.tokenize("", false, true)).isEmpty();
    assertThat(vocabulary.detokenize(new int[0])).isEmpty();
  }
}
