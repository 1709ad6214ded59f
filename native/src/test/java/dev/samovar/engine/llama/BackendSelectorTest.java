package dev.samovar.engine.llama;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.samovar.engine.Backend;
import dev.samovar.engine.EngineException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BackendSelectorTest {
  private static final Path CUDA = Path.of("/opt/samovar/cuda");
  private static final LibrarySource LLAMA_CUDA = new LibrarySource.Folder(CUDA);
  private static final String GPUS = "/proc/driver/nvidia/gpus lists ";
  private static final LibrarySource.Choice PACKAGED =
      new LibrarySource.Choice(
          new LibrarySource.Folder(Path.of("/cache/llama-cpp/abc")), "v0.5.0 in /cache", false);
  private static final Supplier<LibrarySource.Choice> CPU = () -> PACKAGED;

  @Test
  void autoTakesTheCudaLibraryWhenItAndAGpuAreThere() {
    var selection =
        BackendSelector.select(Backend.AUTO, CUDA, BackendSelector.host(LLAMA_CUDA, 2, null), CPU);
    assertThat(selection.backend()).isEqualTo(Backend.CUDA);
    assertThat(selection.source()).isEqualTo(LLAMA_CUDA);
    assertThat(selection.reason())
        .isEqualTo(
            "the CUDA library /opt/samovar/cuda is present and 2 NVIDIA GPUs are visible ("
                + GPUS
                + "2)");
  }

  @Test
  void autoFallsBackToTheCpuLibraryAndSaysWhy() {
    assertThat(
            BackendSelector.select(
                Backend.AUTO, CUDA, BackendSelector.host(LLAMA_CUDA, 0, null), CPU))
        .isEqualTo(
            new BackendSelector.Selection(
                Backend.CPU,
                PACKAGED.source(),
                "no NVIDIA GPU is visible (" + GPUS + "0); CPU: v0.5.0 in /cache",
                false));
    assertThat(
            BackendSelector.select(Backend.AUTO, CUDA, BackendSelector.host(null, 1, null), CPU)
                .reason())
        .isEqualTo(
            "the CUDA library folder /opt/samovar/cuda holds no libllama.so (llama.cpp 0.5) or"
                + " libjllama.so (b4916); CPU: v0.5.0 in /cache");
    assertThat(
            BackendSelector.select(Backend.AUTO, null, BackendSelector.host(null, 1, null), CPU)
                .reason())
        .isEqualTo("no CUDA library folder is configured; CPU: v0.5.0 in /cache");
  }

  @Test
  void aCpuFallbackIsMarked() {
    var fallback =
        new LibrarySource.Choice(new LibrarySource.Binding(null), "no v0.5.0 here", true);
    var selection =
        BackendSelector.select(
            Backend.CPU, null, BackendSelector.host(null, 0, null), () -> fallback);
    assertThat(selection.fallback()).isTrue();
    assertThat(selection.source()).isEqualTo(new LibrarySource.Binding(null));
  }

  @Test
  void cpuNeverLooksAtTheGpus() {
    var selection =
        BackendSelector.select(Backend.CPU, CUDA, BackendSelector.host(LLAMA_CUDA, 8, null), CPU);
    assertThat(selection.backend()).isEqualTo(Backend.CPU);
    assertThat(selection.source()).isEqualTo(PACKAGED.source());
  }

  @Test
  void cudaWithoutLibraryOrGpuFailsWithOneLine() {
    assertThatThrownBy(
            () ->
                BackendSelector.select(
                    Backend.CUDA, CUDA, BackendSelector.host(null, 1, null), CPU))
        .isInstanceOf(EngineException.class)
        .hasMessage(
            "backend cuda: the CUDA library folder /opt/samovar/cuda holds no libllama.so"
                + " (llama.cpp 0.5) or libjllama.so (b4916); install llama.cpp's CUDA libraries"
                + " with native/llama-cpp/install-cuda.sh (or build them with"
                + " native/cuda/build-cuda.sh) and point SAMOVAR_CUDA_LIB at their folder");
    assertThatThrownBy(
            () ->
                BackendSelector.select(
                    Backend.CUDA, CUDA, BackendSelector.host(LLAMA_CUDA, 2, ""), CPU))
        .isInstanceOf(EngineException.class)
        .hasMessage(
            "backend cuda: no NVIDIA GPU is visible (" + GPUS + "2, CUDA_VISIBLE_DEVICES='')");
  }

  @Test
  void cudaVisibleDevicesLimitsTheGpus() {
    assertThat(BackendSelector.host(LLAMA_CUDA, 4, "0,2").visibleGpus()).isEqualTo(2);
    assertThat(BackendSelector.host(LLAMA_CUDA, 1, "0,1").visibleGpus()).isEqualTo(1);
    assertThat(BackendSelector.host(LLAMA_CUDA, 4, "-1").visibleGpus()).isZero();
    assertThat(BackendSelector.host(LLAMA_CUDA, 4, null).visibleGpus()).isEqualTo(4);
  }

  @Test
  void theCudaFolderSaysWhichBuildItHolds(@TempDir Path dir) throws Exception {
    Path empty = Files.createDirectory(dir.resolve("empty"));
    assertThat(BackendSelector.cudaLibrary(empty)).isNull();
    assertThat(BackendSelector.cudaLibrary(null)).isNull();
    assertThat(BackendSelector.cudaLibrary(dir.resolve("missing"))).isNull();

    Path jllama = Files.createDirectory(dir.resolve("jllama"));
    Files.writeString(jllama.resolve("libjllama.so"), "elf");
    assertThat(BackendSelector.cudaLibrary(jllama)).isEqualTo(new LibrarySource.Binding(jllama));

    Path llama = Files.createDirectory(dir.resolve("llama"));
    Files.writeString(llama.resolve("libllama.v0.5.0.so"), "elf");
    Files.writeString(llama.resolve("libggml-cuda.so"), "elf");
    assertThat(BackendSelector.cudaLibrary(llama)).isEqualTo(new LibrarySource.Folder(llama));

    assertThat(BackendSelector.probe(llama, Map.of("CUDA_VISIBLE_DEVICES", "")).visibleGpus())
        .isZero();
  }
}
