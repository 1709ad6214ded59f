package dev.samovar.engine.llama;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class Utf8AssemblerTest {
  private final Utf8Assembler assembler = new Utf8Assembler();

  @Test
  void passesAsciiThrough() {
    assertThat(assembler.accept(bytes("Hello, world"))).isEqualTo("Hello, world");
  }

  @Test
  void holdsACyrillicLetterSplitOverTwoTokens() {
    byte[] letter = bytes("Ж");
    assertThat(assembler.accept(new byte[] {letter[0]})).isEmpty();
    assertThat(assembler.accept(new byte[] {letter[1], 'a'})).isEqualTo("Жa");
  }

  @Test
  void assemblesAnEmojiFedOneByteAtATime() {
    byte[] emoji = bytes("🙂");
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < emoji.length; i++) {
      String delta = assembler.accept(new byte[] {emoji[i]});
      assertThat(delta).isEqualTo(i < emoji.length - 1 ? "" : "🙂");
      text.append(delta);
    }
    assertThat(text.toString()).isEqualTo("🙂");
  }

  @Test
  void everySplitOfMixedTextGivesTheSameText() {
    String original = "Привет, мир! 你好 🚀🙂 ok";
    byte[] all = bytes(original);
    for (int cut = 0; cut <= all.length; cut++) {
      Utf8Assembler fresh = new Utf8Assembler();
      String text =
          fresh.accept(Arrays.copyOfRange(all, 0, cut))
              + fresh.accept(Arrays.copyOfRange(all, cut, all.length));
      assertThat(text).as("split at byte %d", cut).isEqualTo(original);
    }
  }

  @Test
  void dropsMalformedBytesWithoutReplacementCharacters() {
    byte[] input = {
      (byte) 0x80, // stray continuation byte
      'a',
      (byte) 0xC0,
      (byte) 0xAF, // overlong '/'
      'b',
      (byte) 0xED,
      (byte) 0xA0,
      (byte) 0x80, // surrogate U+D800
      'c',
      (byte) 0xE2,
      (byte) 0x82, // cut short by the next ASCII byte
      'd',
      (byte) 0xF5, // beyond U+10FFFF
      'e'
    };
    assertThat(assembler.accept(input)).isEqualTo("abcde");
  }

  @Test
  void aLeadByteAfterAnUnfinishedCharacterStartsANewOne() {
    byte[] euro = bytes("€");
    byte[] input = {euro[0], euro[0], euro[1], euro[2]};
    assertThat(assembler.accept(input)).isEqualTo("€");
  }

  @Test
  void keepsAnEncodedReplacementCharacterThatTheBytesReallyHold() {
    assertThat(assembler.accept(bytes("a\uFFFDb"))).isEqualTo("a\uFFFDb");
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
