package dev.samovar.models.inspect;

import static org.assertj.core.api.Assertions.assertThat;

import dev.samovar.models.gguf.GgmlType;
import dev.samovar.models.gguf.GgufFile;
import dev.samovar.models.testdata.TestData;
import dev.samovar.models.tiny.TinyModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelInspectorTest {
  @TempDir Path dir;

  @Test
  void theTinyModel() throws IOException {
    Path path = dir.resolve("tiny.gguf");
    TinyModel.write(path);

    ModelFacts facts = ModelInspector.inspect(GgufFile.read(path));

    assertThat(facts.path()).isEqualTo(path);
    assertThat(facts.fileSize()).isEqualTo(Files.size(path)).isEqualTo(4_409_088);
    assertThat(facts.architecture()).isEqualTo("llama");
    assertThat(facts.name()).contains("samovar tiny test model");
    assertThat(facts.fileType()).contains("F32");
    // 2 x 256 x 604 embeddings and output, 2 layers of 393728, the output norm
    assertThat(facts.parameters()).isEqualTo(1_096_960);
    assertThat(facts.tensorCount()).isEqualTo(21);
    assertThat(facts.vocabularyOnly()).isFalse();
    assertThat(facts.shape()).isEqualTo(new ModelShape(8192, 2, 256, 256, 4, 2, 64, 64, 604));
    assertThat(facts.quantization())
        .containsExactly(new TypeShare(GgmlType.F32, 21, 1_096_960, 4_387_840));
    assertThat(facts.specialTokens())
        .containsExactly(
            new SpecialToken("bos", 599, "<|begin_of_text|>"),
            new SpecialToken("eos", 603, "<|eot_id|>"),
            new SpecialToken("eot", 603, "<|eot_id|>"));
    assertThat(facts.chatTemplate()).get().asString().contains("<|start_header_id|>");
    assertThat(facts.chatTemplateFamily()).contains(ChatTemplateFamily.LLAMA3);
  }

  @Test
  void theVocabularyOnlyLlama3File() throws IOException {
    ModelFacts facts = ModelInspector.inspect(GgufFile.read(TestData.llama3Vocab()));

    assertThat(facts.fileSize()).isEqualTo(7_818_140);
    assertThat(facts.architecture()).isEqualTo("llama");
    assertThat(facts.name()).contains("llama-bpe");
    assertThat(facts.fileType()).contains("F16");
    assertThat(facts.parameters()).isZero();
    assertThat(facts.tensorCount()).isZero();
    assertThat(facts.vocabularyOnly()).isTrue();
    assertThat(facts.shape())
        .isEqualTo(new ModelShape(8192, 32, 4096, 14336, 32, 8, 128, 128, 128_256));
    assertThat(facts.quantization()).isEmpty();
    assertThat(facts.specialTokens())
        .containsExactly(
            new SpecialToken("bos", 128_000, "<|begin_of_text|>"),
            new SpecialToken("eos", 128_001, "<|end_of_text|>"));
    assertThat(facts.chatTemplate()).isEmpty();
    assertThat(facts.chatTemplateFamily()).isEmpty();
  }

  @Test
  void aTokenIdOutsideTheVocabularyHasNoText() throws IOException {
    Path tiny = dir.resolve("tiny.gguf");
    TinyModel.write(tiny);
    Path odd =
        Rewrite.copy(
            tiny,
            dir.resolve("odd.gguf"),
            m ->
                m.put(
                    "tokenizer.ggml.padding_token_id", dev.samovar.models.gguf.GgufValue.u32(9999)),
            name -> true);

    assertThat(ModelInspector.inspect(GgufFile.read(odd)).specialTokens())
        .contains(new SpecialToken("padding", 9999, ""));
  }

  @Test
  void recognisesChatTemplateFamilies() {
    assertThat(ChatTemplateFamily.of("{{'<|im_start|>' + role}}{{'<|im_end|>'}}"))
        .isEqualTo(ChatTemplateFamily.CHATML);
    assertThat(ChatTemplateFamily.of("<start_of_turn>user ... <end_of_turn>"))
        .isEqualTo(ChatTemplateFamily.GEMMA);
    assertThat(ChatTemplateFamily.of("{{ '[INST] ' + content + ' [/INST]' }}"))
        .isEqualTo(ChatTemplateFamily.LLAMA2);
    assertThat(ChatTemplateFamily.of("<|user|>\n{{content}}<|end|>\n<|assistant|>"))
        .isEqualTo(ChatTemplateFamily.PHI3);
    assertThat(ChatTemplateFamily.of("{{ messages }}")).isEqualTo(ChatTemplateFamily.OTHER);
    assertThat(ChatTemplateFamily.LLAMA3.label()).isEqualTo("llama3");
  }

  @Test
  void fileTypesHaveLlamaCppsNames() {
    assertThat(FileTypes.name(15)).isEqualTo("Q4_K_M");
    assertThat(FileTypes.name(10)).isEqualTo("Q2_K");
    assertThat(FileTypes.name(7)).isEqualTo("Q8_0");
    assertThat(FileTypes.name(1)).isEqualTo("F16");
    assertThat(FileTypes.name(99)).isEqualTo("type 99");
    assertThat(Optional.of(FileTypes.name(32))).contains("BF16");
  }
}
