package dev.samovar.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.samovar.engine.Backend;
import dev.samovar.engine.EngineSettings;
import dev.samovar.engine.GpuLayers;
import dev.samovar.engine.GpuSettings;
import dev.samovar.engine.InvalidSettingException;
import dev.samovar.engine.ModelFootprint;
import dev.samovar.engine.SplitMode;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

class EngineOptionsTest {
  private static final ModelFootprint FOOTPRINT = new ModelFootprint(List.of(10L), 5L, 1L);

  @Command(name = "serve")
  static final class Holder {
    @Mixin EngineOptions engine;
  }

  private static EngineSettings engine(Map<String, String> env, String... args) {
    Holder holder = new Holder();
    CommandLine commandLine = new CommandLine(holder);
    commandLine.setDefaultValueProvider(SettingsSource.of(env, args));
    commandLine.parseArgs(args);
    return holder.engine.settings(env);
  }

  private static GpuSettings settings(Map<String, String> env, String... args) {
    return engine(env, args).gpu().withFootprint(FOOTPRINT);
  }

  @Test
  void defaultsAreAutoWithAllLayersUnlessTheCommandSetsOthers() {
    GpuSettings settings = settings(Map.of("HOME", "/home/u"));
    assertThat(settings)
        .isEqualTo(
            new GpuSettings(
                Backend.AUTO,
                Path.of("/home/u/.local/share/samovar/cuda"),
                new GpuLayers.All(),
                SplitMode.LAYER,
                List.of(),
                0,
                false,
                FOOTPRINT));
  }

  @Test
  void twoGpuFlagsMapToTheSettings() {
    GpuSettings settings =
        settings(
            Map.of(),
            "--backend",
            "cuda",
            "--cuda-lib",
            "/opt/samovar/cuda",
            "--gpu-layers",
            "all",
            "--split-mode",
            "row",
            "--tensor-split",
            "3, 1",
            "--main-gpu",
            "1",
            "--flash-attn");
    assertThat(settings)
        .isEqualTo(
            new GpuSettings(
                Backend.CUDA,
                Path.of("/opt/samovar/cuda"),
                new GpuLayers.All(),
                SplitMode.ROW,
                List.of(3.0, 1.0),
                1,
                true,
                FOOTPRINT));
  }

  @Test
  void theEnvironmentConfiguresBackendAndLibraryAndFlagsWin() {
    Map<String, String> env =
        Map.of("SAMOVAR_BACKEND", "cpu", "SAMOVAR_CUDA_LIB", "/srv/cuda", "XDG_DATA_HOME", "/d");
    assertThat(settings(env).backend()).isEqualTo(Backend.CPU);
    assertThat(settings(env).cudaLibrary()).isEqualTo(Path.of("/srv/cuda"));
    assertThat(settings(env, "--backend", "auto").backend()).isEqualTo(Backend.AUTO);
    assertThat(settings(Map.of("XDG_DATA_HOME", "/d")).cudaLibrary())
        .isEqualTo(Path.of("/d/samovar/cuda"));
    assertThat(settings(Map.of(), "--gpu-layers", "20").gpuLayers())
        .isEqualTo(new GpuLayers.Count(20));
  }

  @Test
  void badValuesAreUsageErrorsNamingTheOption() {
    assertThatThrownBy(() -> settings(Map.of(), "--backend", "rocm"))
        .isInstanceOf(InvalidSettingException.class)
        .hasMessage("backend: unknown backend 'rocm': expected auto, cpu or cuda");
    assertThatThrownBy(() -> settings(Map.of("SAMOVAR_BACKEND", "gpu")))
        .hasMessage("backend: unknown backend 'gpu': expected auto, cpu or cuda");
    assertThatThrownBy(() -> settings(Map.of(), "--gpu-layers", "-3"))
        .hasMessage("gpu-layers: GPU layers must be >= 0: -3");
    assertThatThrownBy(() -> settings(Map.of(), "--split-mode", "tensor"))
        .hasMessage("split-mode: unknown split mode 'tensor': expected layer, row or none");
    assertThatThrownBy(() -> settings(Map.of(), "--tensor-split", "1;1"))
        .hasMessage("tensor-split: '1;1' is not a list of numbers like 1,1");
    assertThatThrownBy(() -> settings(Map.of(), "--tensor-split", "1,-1"))
        .hasMessage("tensor-split shares must be >= 0: [1.0, -1.0]");
    assertThatThrownBy(() -> settings(Map.of(), "--tensor-split", "0,0"))
        .hasMessage("tensor-split needs a share > 0: [0.0, 0.0]");
    assertThatThrownBy(() -> settings(Map.of(), "--main-gpu", "-1"))
        .hasMessage("main-gpu must be >= 0: -1");
    assertThatThrownBy(() -> engine(Map.of(), "--parallel", "-1"))
        .hasMessage("parallel must be >= 1: -1");
    assertThatThrownBy(() -> engine(Map.of(), "--ctx-size", "-5"))
        .hasMessage("ctx-size must be >= 0: -5");
  }

  @Test
  void aCommandGivesZeroItsOwnMeaningAndItsOwnDefaults() {
    assertThat(engine(Map.of()).contextSize()).isZero();
    assertThat(engine(Map.of()).parallel()).isEqualTo(1);
    Holder holder = new Holder();
    CommandLine commandLine =
        EngineOptions.defaults(
            new CommandLine(holder), Map.of("--ctx-size", "2048", "--parallel", "0"));
    commandLine.parseArgs();
    EngineSettings settings = holder.engine.settings(Map.of(), 4096, 3);
    assertThat(settings.contextSize()).isEqualTo(2048);
    assertThat(settings.parallel()).isEqualTo(3);
    assertThat(commandLine.getCommandSpec().findOption("--ctx-size").defaultValue())
        .isEqualTo("2048");
  }
}
