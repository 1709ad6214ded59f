package dev.samovar.engine.llama;

import static dev.samovar.engine.llama.TinyEngines.greedy;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.samovar.engine.Backend;
import dev.samovar.engine.BackendInfo;
import dev.samovar.engine.ChatMessage;
import dev.samovar.engine.EngineConfig;
import dev.samovar.engine.EngineException;
import dev.samovar.engine.EngineSettings;
import dev.samovar.engine.GpuLayers;
import dev.samovar.engine.GpuSettings;
import dev.samovar.engine.InferenceEngine;
import dev.samovar.engine.KvCacheType;
import dev.samovar.engine.ModelFootprint;
import dev.samovar.engine.NoGpuException;
import dev.samovar.engine.SplitMode;
import dev.samovar.models.tiny.TinyModel;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Backend selection and GPU settings against the CPU library. */
class LlamaBackendIT {
  @TempDir static Path dir;
  private static Path tiny;

  @BeforeAll
  static void writeModel() {
    tiny = dir.resolve("tiny.gguf");
    TinyModel.write(tiny);
  }

  @Test
  void theCpuLibrarySeesNoGpuAndCannotOffload() {
    LlamaLibrary library = LlamaLibrary.get();
    assertThat(library.supportsGpuOffload()).isFalse();
    assertThat(library.gpuDevices()).isEmpty();
  }

  /**
   * SAMOVAR_LLAMA_CPP=b4916 loads de.kherud:llama's library; unset, the llama.cpp v0.5.0 libraries
   * the jar carries (where the build could fetch them with npm).
   */
  @Test
  void theCpuLibraryIsTheOneSamovarLlamaCppAsksFor() {
    LlamaAbi expected =
        "b4916".equals(System.getenv(LibrarySource.LLAMA_CPP_ENV))
                || PackagedLlamaCpp.class.getResource(PackagedLlamaCpp.RESOURCE) == null
            ? LlamaAbi.B4916
            : LlamaAbi.V0_5;
    assertThat(LlamaLibrary.get().abi()).isEqualTo(expected);
  }

  @Test
  void autoWithoutACudaLibraryServesOnTheCpuWithFlashAttention() throws Exception {
    GpuSettings settings =
        new GpuSettings(
            Backend.AUTO,
            dir.resolve("no-cuda"),
            new GpuLayers.Auto(),
            SplitMode.LAYER,
            List.of(),
            0,
            true,
            new ModelFootprint(List.of(1L << 20, 1L << 20), 1L << 20, 1L << 20));
    try (LlamaEngine engine =
        LlamaEngine.load(
            new EngineConfig(
                tiny,
                "tiny",
                List.of(),
                new EngineSettings(128, 1, 1, 64, settings, KvCacheType.F16, 0)))) {
      BackendInfo backend = engine.backend();
      assertThat(backend.backend()).isEqualTo(Backend.CPU);
      assertThat(backend.devices()).isEmpty();
      assertThat(backend.gpuLayers()).isZero();
      assertThat(backend.reason())
          .startsWith(
              "the CUDA library folder "
                  + dir.resolve("no-cuda")
                  + " holds no libllama.so (llama.cpp 0.5) or libjllama.so (b4916); CPU: ");
      var prompt = engine.renderChat(List.of(new ChatMessage("user", "Привет")));
      CollectingSink sink = new CollectingSink();
      engine.submit(greedy(prompt, 4), sink);
      assertThat(sink.await().completionTokens()).isEqualTo(4);
    }
  }

  @Test
  void anF32KvCacheGeneratesTheSameGreedyTextAsF16() throws Exception {
    String[] texts = new String[2];
    KvCacheType[] types = {KvCacheType.F16, KvCacheType.F32};
    for (int i = 0; i < types.length; i++) {
      try (InferenceEngine engine = TinyEngines.load(dir, 128, 1, types[i])) {
        var prompt = engine.renderChat(List.of(new ChatMessage("user", "Привет")));
        CollectingSink sink = new CollectingSink();
        engine.submit(greedy(prompt, 16), sink);
        assertThat(sink.await().completionTokens()).isEqualTo(16);
        texts[i] = sink.text();
      }
    }
    assertThat(texts[1]).isNotEmpty().isEqualTo(texts[0]);
  }

  @Test
  void cudaWithoutItsLibraryFailsBeforeLoading() {
    GpuSettings settings =
        new GpuSettings(
            Backend.CUDA,
            dir.resolve("no-cuda"),
            new GpuLayers.All(),
            SplitMode.LAYER,
            List.of(),
            0,
            false,
            null);
    assertThatThrownBy(
            () ->
                LlamaEngine.load(
                    new EngineConfig(
                        tiny,
                        "tiny",
                        List.of(),
                        new EngineSettings(128, 1, 1, 64, settings, KvCacheType.F16, 0))))
        .isInstanceOf(EngineException.class)
        .hasMessageStartingWith(
            "backend cuda: the CUDA library folder " + dir.resolve("no-cuda") + " holds no");
  }

  @Test
  void gpuLayersOnTheCpuLibraryAreRefused() {
    GpuSettings settings =
        new GpuSettings(
            Backend.CPU, null, new GpuLayers.Count(2), SplitMode.LAYER, List.of(), 0, false, null);
    assertThatThrownBy(
            () ->
                LlamaEngine.load(
                    new EngineConfig(
                        tiny,
                        "tiny",
                        List.of(),
                        new EngineSettings(128, 1, 1, 64, settings, KvCacheType.F16, 0))))
        .isInstanceOf(NoGpuException.class)
        .hasMessage("GPU layers 2 need a GPU, but the model runs on the CPU library");
  }

  @Test
  void anotherLibraryCannotBeLoadedIntoTheSameProcess() {
    LlamaLibrary.get();
    assertThatThrownBy(() -> LlamaLibrary.get(new LibrarySource.Folder(dir)))
        .isInstanceOf(EngineException.class)
        .hasMessageStartingWith("the native library is already loaded from ")
        .hasMessageEndingWith("; one process uses one library, not " + dir);
  }
}
