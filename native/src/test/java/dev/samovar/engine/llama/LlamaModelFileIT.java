package dev.samovar.engine.llama;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.samovar.engine.ModelLoadException;
import dev.samovar.models.testdata.TestData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Loading the native library and failing to load model files with one-line reasons. */
class LlamaModelFileIT {

  @Test
  void theLibraryLoadsOnceAndPassesTheLayoutCheck() {
    assertThat(LlamaLibrary.get()).isSameAs(LlamaLibrary.get());
  }

  @Test
  void aMissingFileFailsBeforeLlamaCppIsAsked(@TempDir Path dir) {
    Path missing = dir.resolve("absent.gguf");
    assertThatThrownBy(() -> LlamaModelFile.load(missing, false))
        .isInstanceOf(ModelLoadException.class)
        .hasMessage("model file not found: " + missing);
  }

  @Test
  void aFileThatIsNoGgufFailsWithLlamaCppsReason(@TempDir Path dir) throws IOException {
    Path junk = Files.writeString(dir.resolve("junk.gguf"), "this is not a GGUF file");
    assertThatThrownBy(() -> LlamaModelFile.load(junk, false))
        .isInstanceOf(ModelLoadException.class)
        .hasMessageStartingWith("llama.cpp cannot load the model " + junk + ": ")
        .hasMessageNotContaining("\n");
  }

  @Test
  void theVocabularyFileHasNoChatTemplate() {
    try (LlamaModelFile model = LlamaModelFile.load(TestData.llama3Vocab(), true)) {
      assertThat(model.chatTemplate()).isNull();
      assertThat(model.vocabulary().promptStart()).isEqualTo("<|begin_of_text|>");
    }
  }
}
