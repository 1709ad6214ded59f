package dev.samovar.engine.llama;

import static dev.samovar.engine.llama.TinyEngines.greedy;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.samovar.engine.ChatMessage;
import dev.samovar.engine.EngineConfig;
import dev.samovar.engine.EngineException;
import dev.samovar.engine.FinishReason;
import dev.samovar.engine.GenerationResult;
import dev.samovar.engine.InferenceEngine;
import dev.samovar.engine.ModelLoadException;
import dev.samovar.engine.Prompt;
import dev.samovar.models.tiny.TinyModel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Loading engines, and closing them with work in flight. */
class LlamaEngineLifecycleIT {
  @TempDir static Path dir;

  @Test
  void closeCancelsRunningAndWaitingGenerationsAndFreesOnce() throws InterruptedException {
    InferenceEngine engine = TinyEngines.load(dir, 128, 2);
    Prompt prompt = engine.renderChat(List.of(new ChatMessage("user", "Говори.")));
    CountDownLatch release = new CountDownLatch(1);
    List<CollectingSink> sinks = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      CollectingSink sink = new BlockingSink(release);
      engine.submit(greedy(prompt, null), sink);
      sinks.add(sink);
    }
    Thread closer = Thread.ofPlatform().start(engine::close);
    awaitClosed(engine);
    release.countDown();
    closer.join(TimeUnit.SECONDS.toMillis(30));
    assertThat(closer.isAlive()).as("close() returned").isFalse();

    for (CollectingSink sink : sinks) {
      assertThat(sink.result()).as("completed before close() returned").isDone();
      GenerationResult result = sink.await();
      assertThat(result.finishReason()).isEqualTo(FinishReason.CANCELLED);
      assertThat(result.completionTokens()).isEqualTo(sink.tokens().length);
    }
    assertThat(sinks.getLast().deltas()).as("still waiting when closed").isEmpty();
    assertThat(sinks.getLast().await().promptTokens()).isZero();
    assertThatThrownBy(() -> engine.submit(greedy(prompt, 3), new CollectingSink()))
        .isInstanceOf(EngineException.class)
        .hasMessage("the engine is closed");
    assertThatThrownBy(() -> engine.tokenize("чай", false, false))
        .isInstanceOf(EngineException.class)
        .hasMessage("the engine is closed");
    engine.close();
  }

  private static void awaitClosed(InferenceEngine engine) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (System.nanoTime() < deadline) {
      try {
        engine.tokenize("x", false, false);
      } catch (EngineException e) {
        return;
      }
      Thread.sleep(5);
    }
    throw new AssertionError("the engine did not start closing within 10 s");
  }

  @Test
  void closingAnIdleEngineReturnsAtOnce() {
    InferenceEngine engine = TinyEngines.load(dir, 64, 1);
    long start = System.nanoTime();
    engine.close();
    assertThat(System.nanoTime() - start).isLessThan(TimeUnit.SECONDS.toNanos(1));
  }

  @Test
  void withoutAContextSizeEachSequenceGetsTheModelsContextUpToTheDefaultMaximum() {
    TinyEngines.load(dir, 64, 1).close();
    try (InferenceEngine engine =
        LlamaEngine.load(EngineConfig.of(dir.resolve("tiny.gguf"), "t"))) {
      assertThat(engine.info().contextLength())
          .isEqualTo(Math.min(TinyModel.CONTEXT_LENGTH, EngineConfig.MAX_DEFAULT_CONTEXT));
      assertThat(engine.info().trainContextLength()).isEqualTo(TinyModel.CONTEXT_LENGTH);
      assertThat(engine.info().sequences()).isEqualTo(1);
    }
  }

  @Test
  void aMissingModelFailsWithAOneLineMessage() {
    Path missing = dir.resolve("missing.gguf");
    assertThatThrownBy(() -> LlamaEngine.load(EngineConfig.of(missing, "missing")))
        .isInstanceOf(ModelLoadException.class)
        .hasMessage("model file not found: " + missing);
  }
}
