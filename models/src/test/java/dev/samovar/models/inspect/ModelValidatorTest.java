package dev.samovar.models.inspect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.samovar.models.gguf.GgufValue;
import dev.samovar.models.testdata.TestData;
import dev.samovar.models.tiny.TinyModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelValidatorTest {
  @TempDir Path dir;
  private Path tiny;

  @BeforeEach
  void writeTiny() {
    tiny = dir.resolve("tiny.gguf");
    TinyModel.write(tiny);
  }

  @Test
  void acceptsTheTinyModel() {
    assertThat(ModelValidator.validate(tiny).tensors()).hasSize(21);
  }

  @Test
  void refusesATruncatedFile() throws IOException {
    byte[] bytes = Files.readAllBytes(tiny);
    Path cut = Files.write(dir.resolve("cut.gguf"), Arrays.copyOf(bytes, bytes.length - 1000));

    assertThatThrownBy(() -> ModelValidator.validate(cut))
        .isInstanceOf(InvalidModelException.class)
        .hasMessageStartingWith(cut + " is not a valid GGUF file (data of tensor 'output.weight' ")
        .hasMessageEndingWith(
            "); if it was downloaded, it is truncated or corrupt: delete it and download it again");
  }

  @Test
  void refusesAFileThatIsNotGguf() throws IOException {
    Path text = Files.writeString(dir.resolve("notes.gguf"), "not a model");

    assertThatThrownBy(() -> ModelValidator.validate(text))
        .isInstanceOf(InvalidModelException.class)
        .hasMessage(
            text
                + " is not a valid GGUF file (not a GGUF file: bad magic 0x20746F6E (expected"
                + " 'GGUF')); if it was downloaded, it is truncated or corrupt: delete it and"
                + " download it again");
  }

  @Test
  void refusesAVocabularyOnlyFile() {
    Path vocab = TestData.llama3Vocab();

    assertThatThrownBy(() -> ModelValidator.validate(vocab))
        .isInstanceOf(InvalidModelException.class)
        .hasMessage(
            vocab + " cannot be served: it has no tensors: it is a vocabulary-only GGUF file");
  }

  @Test
  void refusesAnotherArchitecture() throws IOException {
    Path qwen =
        Rewrite.copy(
            tiny,
            dir.resolve("qwen.gguf"),
            m -> m.put("general.architecture", GgufValue.string("qwen2")),
            name -> true);

    assertThatThrownBy(() -> ModelValidator.validate(qwen))
        .isInstanceOf(InvalidModelException.class)
        .hasMessage(
            qwen
                + " cannot be served: its architecture 'qwen2' is not supported (samovar serves"
                + " llama)");
  }

  @Test
  void refusesAFileWithoutAChatTemplate() throws IOException {
    Path bare =
        Rewrite.copy(
            tiny, dir.resolve("bare.gguf"), m -> m.remove("tokenizer.chat_template"), n -> true);

    assertThatThrownBy(() -> ModelValidator.validate(bare))
        .isInstanceOf(InvalidModelException.class)
        .hasMessage(
            bare
                + " cannot be served: it has no chat template (tokenizer.chat_template), and"
                + " samovar formats chats only with the model's own template; convert the model"
                + " again with its tokenizer_config.json");
  }

  @Test
  void refusesAFileWithoutALayerTensor() throws IOException {
    Path holed =
        Rewrite.copy(
            tiny, dir.resolve("holed.gguf"), m -> {}, name -> !name.equals("blk.1.ffn_up.weight"));

    assertThat(ModelValidator.problem(dev.samovar.models.gguf.GgufFile.read(holed)))
        .contains("it lacks the tensor blk.1.ffn_up.weight");
  }

  @Test
  void refusesMissingOrMistypedHyperparameters() throws IOException {
    Path noLayers =
        Rewrite.copy(tiny, dir.resolve("a.gguf"), m -> m.remove("llama.block_count"), name -> true);
    Path floatLayers =
        Rewrite.copy(
            tiny,
            dir.resolve("b.gguf"),
            m -> m.put("llama.block_count", GgufValue.f32(2f)),
            name -> true);
    Path hugeLayers =
        Rewrite.copy(
            tiny,
            dir.resolve("c.gguf"),
            m -> m.put("llama.block_count", GgufValue.u32(1L << 20)),
            name -> true);

    assertThat(problem(noLayers)).contains("it lacks llama.block_count");
    assertThat(problem(floatLayers))
        .contains("metadata key 'llama.block_count' has type FLOAT32, expected an integer");
    assertThat(problem(hugeLayers))
        .contains("llama.block_count is 1048576, more than 65536 layers");
  }

  private static java.util.Optional<String> problem(Path file) throws IOException {
    return ModelValidator.problem(dev.samovar.models.gguf.GgufFile.read(file));
  }
}
