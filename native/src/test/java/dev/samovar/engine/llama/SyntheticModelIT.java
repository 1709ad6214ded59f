package dev.samovar.engine.llama;

import static org.assertj.core.api.Assertions.assertThat;

import dev.samovar.engine.ChatMessage;
import dev.samovar.engine.EngineConfig;
import dev.samovar.engine.EngineSettings;
import dev.samovar.engine.GenerationRequest;
import dev.samovar.engine.GenerationResult;
import dev.samovar.engine.GpuSettings;
import dev.samovar.engine.KvCacheType;
import dev.samovar.engine.ModelInfo;
import dev.samovar.engine.SamplingParams;
import dev.samovar.models.gguf.GgmlType;
import dev.samovar.models.synthetic.SyntheticModel;
import dev.samovar.models.synthetic.SyntheticShape;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** llama.cpp loads a synthetic model (the small shape) and generates from it. */
class SyntheticModelIT {
  @TempDir Path dir;

  @ParameterizedTest
  @EnumSource(
      value = GgmlType.class,
      names = {"F16", "Q8_0"})
  void llamaCppLoadsTheSmallShapeAndGeneratesToTheLimit(GgmlType type) throws Exception {
    Path file = dir.resolve("small.gguf");
    SyntheticModel.write(file, SyntheticShape.SMALL.withType(type));
    try (LlamaEngine engine =
        LlamaEngine.load(
            new EngineConfig(
                file,
                "small",
                List.of(),
                new EngineSettings(128, 1, 1, 64, GpuSettings.cpu(), KvCacheType.F16, 0)))) {
      ModelInfo info = engine.info();
      assertThat(info.contextLength()).isEqualTo(128);
      var prompt = engine.renderChat(List.of(new ChatMessage("user", "Привет")));
      CollectingSink sink = new CollectingSink();
      engine.submit(
          GenerationRequest.builder(prompt)
              .sampling(SamplingParams.greedy())
              .maxTokens(8)
              .ignoreEos(true)
              .build(),
          sink);
      GenerationResult result = sink.await();
      assertThat(result.completionTokens()).isEqualTo(8);
      assertThat(result.promptTokens()).isGreaterThan(5);
    }
  }
}
