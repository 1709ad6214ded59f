package dev.samovar.engine.llama;

import static dev.samovar.engine.llama.TinyEngines.greedy;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.samovar.engine.ChatMessage;
import dev.samovar.engine.ContextLengthExceededException;
import dev.samovar.engine.EngineStatus;
import dev.samovar.engine.FinishReason;
import dev.samovar.engine.GenerationResult;
import dev.samovar.engine.InferenceEngine;
import dev.samovar.engine.Prompt;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A small context: 64 tokens per sequence, two sequences. */
class LlamaEngineLimitsIT {
  private static final int CONTEXT = 64;

  @TempDir static Path dir;
  private static InferenceEngine engine;

  @BeforeAll
  static void load() {
    engine = TinyEngines.load(dir, CONTEXT, 2);
  }

  @AfterAll
  static void close() {
    engine.close();
  }

  @Test
  void generationEndsWithLengthExactlyAtTheContextEnd() {
    Prompt prompt = engine.renderChat(List.of(new ChatMessage("user", "Привет!")));
    CollectingSink sink = new CollectingSink();
    engine.submit(greedy(prompt, null), sink);
    GenerationResult result = sink.await();
    assertThat(result.finishReason()).isEqualTo(FinishReason.LENGTH);
    assertThat(result.promptTokens() + result.completionTokens()).isEqualTo(CONTEXT);
    assertThat(sink.tokens()).hasSize(result.completionTokens());
  }

  @Test
  void maxTokensBeyondTheContextStopsAtTheContextEnd() {
    Prompt prompt = Prompt.plain("чай ".repeat(10));
    int promptTokens = engine.tokenize(prompt.text(), false, false).length;
    CollectingSink sink = new CollectingSink();
    engine.submit(greedy(prompt, 1000), sink);
    GenerationResult result = sink.await();
    assertThat(result.finishReason()).isEqualTo(FinishReason.LENGTH);
    assertThat(result.promptTokens()).isEqualTo(promptTokens);
    assertThat(result.completionTokens()).isEqualTo(CONTEXT - promptTokens);
  }

  @Test
  void aPromptThatFillsTheContextEndsWithLengthAndNoTokens() {
    Prompt prompt = Prompt.plain(" чай".repeat(CONTEXT));
    assertThat(engine.tokenize(prompt.text(), false, false)).hasSize(CONTEXT);
    CollectingSink sink = new CollectingSink();
    engine.submit(greedy(prompt, 5), sink);
    GenerationResult result = sink.await();
    assertThat(result.finishReason()).isEqualTo(FinishReason.LENGTH);
    assertThat(result.promptTokens()).isEqualTo(CONTEXT);
    assertThat(result.completionTokens()).isZero();
    assertThat(sink.deltas()).isEmpty();
  }

  @Test
  void idleCachesAreDroppedWhenANewPromptFindsNoRoom() {
    try (InferenceEngine fresh = TinyEngines.load(dir, CONTEXT, 2)) {
      for (String word : List.of(" мир", " привет")) {
        CollectingSink sink = new CollectingSink();
        fresh.submit(greedy(Prompt.plain(word.repeat(10)), 51), sink);
        sink.await();
      }
      assertThat(fresh.status().slots())
          .extracting(EngineStatus.Slot::cachedTokens)
          .as("both sequences cache 60 of the 128 cells")
          .containsExactly(60, 60);
      CollectingSink full = new CollectingSink();
      fresh.submit(greedy(Prompt.plain(" чай".repeat(CONTEXT)), 5), full);
      GenerationResult result = full.await();
      assertThat(result.finishReason()).isEqualTo(FinishReason.LENGTH);
      assertThat(result.promptTokens()).isEqualTo(CONTEXT);
      if (LlamaLibrary.get().abi() == LlamaAbi.B4916) {
        assertThat(fresh.status().slots())
            .extracting(EngineStatus.Slot::cachedTokens)
            .as("b4916: 64 contiguous cells only after the other sequence's cache is dropped")
            .containsExactly(CONTEXT, 0);
      } else {
        assertThat(fresh.status().slots())
            .extracting(EngineStatus.Slot::cachedTokens)
            .as("0.5: each sequence has cells of its own, the other cache stays")
            .containsExactly(CONTEXT, 60);
      }
    }
  }

  @Test
  void aPromptLongerThanTheContextIsRefusedWithBothCounts() {
    Prompt prompt = Prompt.plain(" чай".repeat(CONTEXT + 1));
    assertThatThrownBy(() -> engine.submit(greedy(prompt, 5), new CollectingSink()))
        .isInstanceOfSatisfying(
            ContextLengthExceededException.class,
            e -> {
              assertThat(e.promptTokens()).isEqualTo(CONTEXT + 1);
              assertThat(e.contextLength()).isEqualTo(CONTEXT);
            })
        .hasMessage(
            "This model's maximum context length is 64 tokens, but the prompt has 65 tokens.");
  }

  @Test
  void promptsLongerThanABatchAreFedInChunks() {
    Prompt prompt = Prompt.plain(" чай".repeat(60));
    CollectingSink sink = new CollectingSink();
    engine.submit(greedy(prompt, 3), sink);
    GenerationResult result = sink.await();
    assertThat(result.promptTokens()).isEqualTo(60);
    assertThat(result.completionTokens()).isEqualTo(3);
  }
}
