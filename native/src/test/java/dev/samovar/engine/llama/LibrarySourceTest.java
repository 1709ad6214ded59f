package dev.samovar.engine.llama;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.samovar.engine.EngineException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LibrarySourceTest {
  @TempDir Path dir;

  @Test
  void b4916IsDeKherudsBundledLibrary() {
    var choice = LibrarySource.cpu(Map.of(LibrarySource.LLAMA_CPP_ENV, "B4916 "));
    assertThat(choice.source()).isEqualTo(new LibrarySource.Binding(null));
    assertThat(choice.fallback()).isFalse();
    assertThat(choice.reason())
        .isEqualTo("llama.cpp b4916 bundled with de.kherud:llama (SAMOVAR_LLAMA_CPP=b4916)");
  }

  @Test
  void anUnknownValueIsRefused() {
    assertThatThrownBy(() -> LibrarySource.cpu(Map.of(LibrarySource.LLAMA_CPP_ENV, "0.4")))
        .isInstanceOf(EngineException.class)
        .hasMessage("SAMOVAR_LLAMA_CPP='0.4': expected auto, 0.5 or b4916");
  }

  /**
   * This build carries the packaged libraries when npm could fetch them; both cases are checked.
   */
  @Test
  void autoTakesThePackagedLibrariesWhereTheyRunElseFallsBackSayingWhy() {
    Map<String, String> env = Map.of("XDG_CACHE_HOME", dir.toString());
    var packaged = PackagedLlamaCpp.unpack(env);
    var choice = LibrarySource.cpu(env);
    switch (packaged) {
      case PackagedLlamaCpp.Unpacked unpacked -> {
        assertThat(choice.source()).isEqualTo(new LibrarySource.Folder(unpacked.folder()));
        assertThat(unpacked.folder()).startsWith(dir.resolve("samovar/llama-cpp"));
        assertThat(LibrarySource.Folder.libraryFile(unpacked.folder())).isPresent();
        assertThat(choice.fallback()).isFalse();
        assertThat(
                LibrarySource.cpu(
                    Map.of("XDG_CACHE_HOME", dir.toString(), "SAMOVAR_LLAMA_CPP", "0.5")))
            .isEqualTo(choice);
      }
      case PackagedLlamaCpp.Unavailable unavailable -> {
        assertThat(choice.source()).isEqualTo(new LibrarySource.Binding(null));
        assertThat(choice.fallback()).isTrue();
        assertThat(choice.reason()).startsWith(unavailable.reason());
        assertThatThrownBy(
                () ->
                    LibrarySource.cpu(
                        Map.of("XDG_CACHE_HOME", dir.toString(), "SAMOVAR_LLAMA_CPP", "0.5")))
            .hasMessage("SAMOVAR_LLAMA_CPP=0.5: " + unavailable.reason());
      }
    }
  }

  @Test
  void aFolderFindsItsLibllama() throws Exception {
    assertThat(LibrarySource.Folder.libraryFile(dir)).isEmpty();
    Files.writeString(dir.resolve("libllama-common.so"), "");
    Files.writeString(dir.resolve("libggml-base.so"), "");
    assertThat(LibrarySource.Folder.libraryFile(dir)).isEmpty();
    Files.writeString(dir.resolve("libllama.cuda.v0.5.0.so"), "");
    assertThat(LibrarySource.Folder.libraryFile(dir))
        .contains(dir.resolve("libllama.cuda.v0.5.0.so"));
    Files.writeString(dir.resolve("libllama.so"), "");
    assertThat(LibrarySource.Folder.libraryFile(dir)).contains(dir.resolve("libllama.so"));
    assertThatThrownBy(() -> new LibrarySource.Folder(dir.resolve("none")).open())
        .isInstanceOf(EngineException.class)
        .hasMessage("no libllama library in " + dir.resolve("none"));
  }
}
