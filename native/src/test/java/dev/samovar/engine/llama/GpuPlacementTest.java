package dev.samovar.engine.llama;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.samovar.engine.Backend;
import dev.samovar.engine.GpuDevice;
import dev.samovar.engine.GpuLayers;
import dev.samovar.engine.GpuSettings;
import dev.samovar.engine.ModelFootprint;
import dev.samovar.engine.ModelLoadException;
import dev.samovar.engine.NoGpuException;
import dev.samovar.engine.SplitMode;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class GpuPlacementTest {
  private static final long MIB = 1L << 20;
  private static final long GIB = 1L << 30;
  private static final ModelFootprint FOOTPRINT =
      new ModelFootprint(Collections.nCopies(32, 172 * MIB), 1002 * MIB, 568 * MIB);
  private static final List<GpuDevice> TWO_GPUS = List.of(gpu(0, 4 * GIB), gpu(1, 4 * GIB));

  @Test
  void twoGpusWithAnExplicitSplitMapToModelParams() {
    GpuPlacement placement =
        GpuPlacement.of(
            settings(new GpuLayers.All(), SplitMode.ROW, List.of(3.0, 1.0), 1),
            Backend.CUDA,
            TWO_GPUS);
    assertThat(placement.gpuLayers()).isEqualTo(GpuPlacement.ALL_LAYERS);
    assertThat(placement.splitMode()).isEqualTo(SplitMode.ROW);
    assertThat(placement.mainGpu()).isEqualTo(1);
    assertThat(placement.tensorSplit()).containsExactly(3f, 1f);
    assertThat(placement.description())
        .isEqualTo(
            "GPU layers all, split mode row, main GPU 1, tensor split [3.0, 1.0], flash attention"
                + " off");
  }

  @Test
  void aShorterSplitIsPaddedWithZeroAndNoSplitMeansByFreeMemory() {
    assertThat(
            GpuPlacement.of(
                    settings(new GpuLayers.Count(20), SplitMode.LAYER, List.of(1.0), 0),
                    Backend.CUDA,
                    TWO_GPUS)
                .tensorSplit())
        .containsExactly(1f, 0f);
    GpuPlacement byMemory =
        GpuPlacement.of(
            settings(new GpuLayers.Count(20), SplitMode.LAYER, List.of(), 0),
            Backend.CUDA,
            TWO_GPUS);
    assertThat(byMemory.tensorSplit()).isEmpty();
    assertThat(byMemory.gpuLayers()).isEqualTo(20);
  }

  @Test
  void autoFitsTheLayersIntoTheFreeMemory() {
    GpuPlacement placement =
        GpuPlacement.of(
            settings(new GpuLayers.Auto(), SplitMode.LAYER, List.of(), 0), Backend.CUDA, TWO_GPUS);
    // 4 GiB each, split by free memory 1:1: 16 layers of 172 MiB + 1080 MiB per GPU
    assertThat(placement.gpuLayers()).isEqualTo(32);
    assertThat(placement.description()).startsWith("GPU layers 32 (fitted to free memory), ");
  }

  @Test
  void settingsAreCheckedAgainstTheGpuCount() {
    assertThatThrownBy(
            () ->
                GpuPlacement.of(
                    settings(new GpuLayers.All(), SplitMode.LAYER, List.of(), 2),
                    Backend.CUDA,
                    TWO_GPUS))
        .isInstanceOf(ModelLoadException.class)
        .hasMessage("main GPU 2 does not exist: the library sees 2 GPUs (0-1)");
    assertThatThrownBy(
            () ->
                GpuPlacement.of(
                    settings(new GpuLayers.All(), SplitMode.LAYER, List.of(1.0, 1.0), 0),
                    Backend.CUDA,
                    List.of(gpu(0, GIB))))
        .isInstanceOf(ModelLoadException.class)
        .hasMessage("tensor split [1.0, 1.0] has 2 shares, but the library sees 1 GPU");
  }

  @Test
  void theCpuLibraryTakesNoGpuSettings() {
    assertThat(
            GpuPlacement.of(
                    settings(new GpuLayers.Auto(), SplitMode.LAYER, List.of(), 0),
                    Backend.CPU,
                    List.of())
                .gpuLayers())
        .isZero();
    assertThatThrownBy(
            () ->
                GpuPlacement.of(
                    settings(new GpuLayers.All(), SplitMode.LAYER, List.of(), 0),
                    Backend.CPU,
                    List.of()))
        .isInstanceOf(NoGpuException.class)
        .hasMessage("GPU layers all need a GPU, but the model runs on the CPU library");
    assertThatThrownBy(
            () ->
                GpuPlacement.of(
                    settings(new GpuLayers.Count(8), SplitMode.LAYER, List.of(), 0),
                    Backend.CPU,
                    List.of()))
        .isInstanceOf(NoGpuException.class)
        .hasMessage("GPU layers 8 need a GPU, but the model runs on the CPU library");
    assertThatThrownBy(
            () ->
                GpuPlacement.of(
                    settings(new GpuLayers.Count(0), SplitMode.LAYER, List.of(1.0, 1.0), 0),
                    Backend.CPU,
                    List.of()))
        .hasMessage("tensor split [1.0, 1.0] needs GPUs, but the model runs on the CPU library");
    assertThatThrownBy(
            () ->
                GpuPlacement.of(
                    settings(new GpuLayers.Count(0), SplitMode.LAYER, List.of(), 1),
                    Backend.CPU,
                    List.of()))
        .hasMessage("main GPU 1 needs a GPU, but the model runs on the CPU library");
  }

  @Test
  void autoWithoutPerLayerSizesAsksForACount() {
    GpuSettings settings =
        new GpuSettings(
            Backend.CUDA, null, new GpuLayers.Auto(), SplitMode.LAYER, List.of(), 0, false, null);
    assertThatThrownBy(() -> GpuPlacement.of(settings, Backend.CUDA, TWO_GPUS))
        .hasMessage("GPU layers auto needs the model's per-layer sizes; give a layer count or all");
  }

  @Test
  void aCudaLibraryThatDidNotLoadIsRefused() {
    var selection =
        new BackendSelector.Selection(
            Backend.CUDA,
            new LibrarySource.Folder(java.nio.file.Path.of("/opt/cuda")),
            "asked",
            false);
    assertThatThrownBy(() -> LlamaBackend.requireGpu(selection, false, TWO_GPUS))
        .hasMessageStartingWith(
            "backend cuda: the library loaded from /opt/cuda cannot offload to a GPU:");
    assertThatThrownBy(() -> LlamaBackend.requireGpu(selection, true, List.of()))
        .hasMessageStartingWith("backend cuda: the CUDA library sees no GPU");
    LlamaBackend.requireGpu(selection, true, TWO_GPUS);
  }

  private static GpuSettings settings(
      GpuLayers layers, SplitMode mode, List<Double> split, int mainGpu) {
    return new GpuSettings(Backend.CUDA, null, layers, mode, split, mainGpu, false, FOOTPRINT);
  }

  private static GpuDevice gpu(int index, long free) {
    return new GpuDevice(index, "CUDA" + index, "NVIDIA test GPU", free, free + GIB);
  }
}
