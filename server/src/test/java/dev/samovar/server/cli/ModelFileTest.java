package dev.samovar.server.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelFileTest {
  @TempDir Path dir;

  @Test
  void writesTheTinyModelIntoTheCacheOnceAndServesItAsTiny() throws Exception {
    Map<String, String> env = Map.of("XDG_CACHE_HOME", dir.toString());

    ModelFile first = ModelFile.resolve("tiny", env);

    Path expected = dir.resolve("samovar/models/tiny.gguf");
    assertThat(first).isEqualTo(new ModelFile(expected, "tiny"));
    assertThat(Files.readAllBytes(expected)).startsWith('G', 'G', 'U', 'F');
    Files.writeString(expected, "kept");
    assertThat(ModelFile.resolve("tiny", env)).isEqualTo(first);
    assertThat(Files.readString(expected)).isEqualTo("kept");
  }

  @Test
  void usesHomeCacheWithoutAnAbsoluteXdgCacheHome() {
    Path home = Path.of(System.getProperty("user.home"), ".cache");

    assertThat(ModelFile.cacheDir(Map.of())).isEqualTo(home);
    assertThat(ModelFile.cacheDir(Map.of("XDG_CACHE_HOME", ""))).isEqualTo(home);
    assertThat(ModelFile.cacheDir(Map.of("XDG_CACHE_HOME", "relative/cache"))).isEqualTo(home);
    assertThat(ModelFile.cacheDir(Map.of("XDG_CACHE_HOME", dir.toString()))).isEqualTo(dir);
  }

  @Test
  void servesAFileUnderItsNameWithoutGguf() throws Exception {
    Path gguf = Files.writeString(dir.resolve("Saiga-8B.Q4_K_M.gguf"), "x");
    Path other = Files.writeString(dir.resolve("weights.bin"), "x");
    Path bare = Files.writeString(dir.resolve(".gguf"), "x");

    assertThat(ModelFile.resolve(gguf.toString(), Map.of()))
        .isEqualTo(new ModelFile(gguf, "Saiga-8B.Q4_K_M"));
    assertThat(ModelFile.resolve(other.toString(), Map.of()).id()).isEqualTo("weights.bin");
    assertThat(ModelFile.resolve(bare.toString(), Map.of()).id()).isEqualTo(".gguf");
  }

  @Test
  void refusesAMissingFileOrADirectory() {
    Path missing = dir.resolve("missing.gguf");

    assertThatThrownBy(() -> ModelFile.resolve(missing.toString(), Map.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "no readable model file at " + missing + "; pass --model tiny or --model PATH.gguf");
    assertThatThrownBy(() -> ModelFile.resolve(dir.toString(), Map.of()))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
