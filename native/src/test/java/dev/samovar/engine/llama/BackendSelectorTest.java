package dev.samovar.engine.llama;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.samovar.engine.Backend;
import dev.samovar.engine.EngineException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BackendSelectorTest {
  private static final Path CUDA = Path.of("/opt/samovar/cuda");
  private static final String GPUS = "/proc/driver/nvidia/gpus lists ";

  @Test
  void autoTakesTheCudaLibraryWhenItAndAGpuAreThere() {
    var selection = BackendSelector.select(Backend.AUTO, CUDA, BackendSelector.host(true, 2, null));
    assertThat(selection.backend()).isEqualTo(Backend.CUDA);
    assertThat(selection.libraryFolder()).isEqualTo(CUDA);
    assertThat(selection.reason())
        .isEqualTo(
            "the CUDA library /opt/samovar/cuda/libjllama.so is present and 2 NVIDIA GPUs are"
                + " visible ("
                + GPUS
                + "2)");
  }

  @Test
  void autoFallsBackToTheCpuLibraryAndSaysWhy() {
    assertThat(BackendSelector.select(Backend.AUTO, CUDA, BackendSelector.host(true, 0, null)))
        .isEqualTo(
            new BackendSelector.Selection(
                Backend.CPU,
                null,
                "no NVIDIA GPU is visible (" + GPUS + "0), so the bundled CPU library is used"));
    assertThat(
            BackendSelector.select(Backend.AUTO, CUDA, BackendSelector.host(false, 1, null))
                .reason())
        .isEqualTo(
            "the CUDA library /opt/samovar/cuda/libjllama.so does not exist, so the bundled CPU"
                + " library is used");
    assertThat(
            BackendSelector.select(Backend.AUTO, null, BackendSelector.host(false, 1, null))
                .reason())
        .isEqualTo("no CUDA library folder is configured, so the bundled CPU library is used");
  }

  @Test
  void cpuNeverLooksAtTheGpus() {
    var selection = BackendSelector.select(Backend.CPU, CUDA, BackendSelector.host(true, 8, null));
    assertThat(selection.backend()).isEqualTo(Backend.CPU);
    assertThat(selection.libraryFolder()).isNull();
  }

  @Test
  void cudaWithoutLibraryOrGpuFailsWithOneLine() {
    assertThatThrownBy(
            () -> BackendSelector.select(Backend.CUDA, CUDA, BackendSelector.host(false, 1, null)))
        .isInstanceOf(EngineException.class)
        .hasMessage(
            "backend cuda: the CUDA library /opt/samovar/cuda/libjllama.so does not exist; build"
                + " it with native/cuda/build-cuda.sh and point SAMOVAR_CUDA_LIB at its folder");
    assertThatThrownBy(
            () -> BackendSelector.select(Backend.CUDA, CUDA, BackendSelector.host(true, 2, "")))
        .isInstanceOf(EngineException.class)
        .hasMessage(
            "backend cuda: no NVIDIA GPU is visible (" + GPUS + "2, CUDA_VISIBLE_DEVICES='')");
  }

  @Test
  void cudaVisibleDevicesLimitsTheGpus() {
    assertThat(BackendSelector.host(true, 4, "0,2").visibleGpus()).isEqualTo(2);
    assertThat(BackendSelector.host(true, 1, "0,1").visibleGpus()).isEqualTo(1);
    assertThat(BackendSelector.host(true, 4, "-1").visibleGpus()).isZero();
    assertThat(BackendSelector.host(true, 4, null).visibleGpus()).isEqualTo(4);
  }

  @Test
  void probeFindsTheLibraryFile(@TempDir Path dir) throws Exception {
    assertThat(BackendSelector.probe(dir, Map.of()).cudaLibraryPresent()).isFalse();
    Files.writeString(dir.resolve("libjllama.so"), "elf");
    assertThat(BackendSelector.probe(dir, Map.of()).cudaLibraryPresent()).isTrue();
    assertThat(BackendSelector.probe(null, Map.of()).cudaLibraryPresent()).isFalse();
    assertThat(BackendSelector.probe(dir, Map.of("CUDA_VISIBLE_DEVICES", "")).visibleGpus())
        .isZero();
  }
}
