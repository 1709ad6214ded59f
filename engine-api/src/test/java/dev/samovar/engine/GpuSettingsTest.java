package dev.samovar.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class GpuSettingsTest {

  @Test
  void parsesBackendsSplitModesAndLayerCounts() {
    assertThat(Backend.parse("auto")).isEqualTo(Backend.AUTO);
    assertThat(Backend.parse(" CUDA ")).isEqualTo(Backend.CUDA);
    assertThat(Backend.CPU.label()).isEqualTo("cpu");
    assertThat(SplitMode.parse("row").nativeValue()).isEqualTo(2);
    assertThat(SplitMode.parse("Layer").nativeValue()).isEqualTo(1);
    assertThat(SplitMode.parse("none").nativeValue()).isZero();
    assertThat(GpuLayers.parse("auto")).isEqualTo(new GpuLayers.Auto());
    assertThat(GpuLayers.parse("ALL")).isEqualTo(new GpuLayers.All());
    assertThat(GpuLayers.parse("33")).isEqualTo(new GpuLayers.Count(33));
  }

  @Test
  void rejectsUnknownValuesWithTheAcceptedOnes() {
    assertThatThrownBy(() -> Backend.parse("rocm"))
        .hasMessage("unknown backend 'rocm': expected auto, cpu or cuda");
    assertThatThrownBy(() -> SplitMode.parse("tensor"))
        .hasMessage("unknown split mode 'tensor': expected layer, row or none");
    assertThatThrownBy(() -> GpuLayers.parse("most"))
        .hasMessage("GPU layers must be auto, all or a count >= 0: 'most'");
    assertThatThrownBy(() -> GpuLayers.parse("-1")).hasMessage("GPU layers must be >= 0: -1");
  }

  @Test
  void checksTensorSplitAndMainGpu() {
    assertThatThrownBy(() -> settings(List.of(1.0, -1.0), 0))
        .hasMessage("tensor-split shares must be >= 0: [1.0, -1.0]");
    assertThatThrownBy(() -> settings(List.of(0.0, 0.0), 0))
        .hasMessage("tensor-split needs a share > 0: [0.0, 0.0]");
    assertThatThrownBy(() -> settings(List.of(), -1)).hasMessage("main-gpu must be >= 0: -1");
    assertThat(settings(List.of(3.0, 1.0), 1).tensorSplit()).containsExactly(3.0, 1.0);
  }

  @Test
  void theOldConfigurationRunsOnTheCpuLibrary() {
    EngineConfig config = new EngineConfig(java.nio.file.Path.of("m.gguf"), "m", 0, 1, 0, 512);
    assertThat(config.gpu()).isEqualTo(GpuSettings.cpu());
    assertThat(config.gpu().backend()).isEqualTo(Backend.CPU);
    assertThat(config.gpu().gpuLayers()).isEqualTo(new GpuLayers.Count(0));
  }

  private static GpuSettings settings(List<Double> split, int mainGpu) {
    return new GpuSettings(
        Backend.CUDA, null, new GpuLayers.All(), SplitMode.LAYER, split, mainGpu, false, null);
  }
}
