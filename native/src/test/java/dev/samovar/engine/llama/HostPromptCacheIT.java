package dev.samovar.engine.llama;

import static dev.samovar.engine.llama.TinyEngines.greedy;
import static org.assertj.core.api.Assertions.assertThat;

import dev.samovar.engine.EngineConfig;
import dev.samovar.engine.EngineStatus;
import dev.samovar.engine.GenerationResult;
import dev.samovar.engine.InferenceEngine;
import dev.samovar.engine.Prompt;
import dev.samovar.models.tiny.TinyModel;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The host-RAM prompt cache: one sequence, so that every other prompt overwrites its KV cache; a
 * prompt that comes back gets its state restored and generates what it did cold.
 */
class HostPromptCacheIT {
  private static final Prompt TEA = Prompt.plain(" привет мир чай самовар".repeat(40) + " Да.");
  private static final Prompt OTHER = Prompt.plain(" Сегодня мы говорить".repeat(40) + " Нет?");

  @TempDir static Path dir;
  private static Path model;

  @BeforeAll
  static void writeModel() {
    model = dir.resolve("tiny.gguf");
    TinyModel.write(model);
  }

  private static InferenceEngine engine(long hostCacheBytes) {
    return LlamaEngine.load(
        new EngineConfig(model, "tiny", 1024, 1, 1, 64).withPromptCache(hostCacheBytes));
  }

  @Test
  void aPromptThatComesBackAfterAnotherIsRestoredAndGeneratesAsCold() {
    try (InferenceEngine engine = engine(-1)) {
      int teaTokens = engine.tokenize(TEA.text(), false, false).length;
      CollectingSink cold = run(engine, TEA);
      assertThat(cold.await().cachedPromptTokens()).isZero();
      assertThat(engine.status().hostCache()).isEqualTo(EngineStatus.HostCache.EMPTY);

      assertThat(run(engine, OTHER).await().cachedPromptTokens()).isZero();
      EngineStatus.HostCache saved = engine.status().hostCache();
      assertThat(saved.entries()).as("the tea prompt and its completion, copied").isEqualTo(1);
      assertThat(saved.bytes()).isPositive();

      CollectingSink warm = run(engine, TEA);
      GenerationResult result = warm.await();
      assertThat(result.cachedPromptTokens())
          .as("all but the last prompt token, whose logits are needed")
          .isEqualTo(teaTokens - 1);
      assertThat(warm.tokens()).containsExactly(cold.tokens());
      assertThat(warm.text()).isEqualTo(cold.text());
      assertThat(engine.status().hostCache().entries())
          .as("the other prompt, copied when the tea prompt came back; the tea copy stays")
          .isEqualTo(2);

      CollectingSink other = run(engine, OTHER);
      assertThat(other.await().cachedPromptTokens())
          .isEqualTo(engine.tokenize(OTHER.text(), false, false).length - 1);
    }
  }

  @Test
  void withoutAHostCacheTheOverwrittenPromptIsPrefilledAgain() {
    try (InferenceEngine engine = engine(0)) {
      run(engine, TEA).await();
      run(engine, OTHER).await();

      assertThat(run(engine, TEA).await().cachedPromptTokens()).isZero();
      assertThat(engine.status().hostCache()).isEqualTo(EngineStatus.HostCache.EMPTY);
    }
  }

  @Test
  void aBoundTooSmallForOneCopyKeepsNone() {
    try (InferenceEngine engine = engine(1024)) {
      run(engine, TEA).await();
      run(engine, OTHER).await();

      assertThat(engine.status().hostCache()).isEqualTo(EngineStatus.HostCache.EMPTY);
      assertThat(run(engine, TEA).await().cachedPromptTokens()).isZero();
    }
  }

  private static CollectingSink run(InferenceEngine engine, Prompt prompt) {
    CollectingSink sink = new CollectingSink();
    engine.submit(greedy(prompt, 8), sink);
    sink.await();
    return sink;
  }
}
