package dev.samovar.engine.llama;

import static dev.samovar.engine.llama.TinyEngines.greedy;
import static org.assertj.core.api.Assertions.assertThat;

import dev.samovar.engine.EngineStatus;
import dev.samovar.engine.FinishReason;
import dev.samovar.engine.GenerationHandle;
import dev.samovar.engine.GenerationResult;
import dev.samovar.engine.InferenceEngine;
import dev.samovar.engine.Prompt;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reusing a sequence's cached prompt prefix: two sequences of 1024 tokens, a fresh engine each. */
class PromptCacheIT {
  private static final String SHARED =
      " привет мир чай самовар".repeat(80) + " Сегодня мы пить чай и говорить про самовар.";

  @TempDir static Path dir;
  private InferenceEngine engine;

  @BeforeEach
  void load() {
    engine = TinyEngines.load(dir, 1024, 2);
  }

  @AfterEach
  void close() {
    engine.close();
  }

  @Test
  void aSharedPrefixIsReusedAndGivesTheTextOfAColdRun() {
    Prompt first = Prompt.plain(SHARED + " Да.");
    Prompt second = Prompt.plain(SHARED + " Нет?");
    int[] firstTokens = tokens(first);
    int[] secondTokens = tokens(second);
    int shared = commonPrefix(firstTokens, secondTokens);
    assertThat(shared).isGreaterThanOrEqualTo(300);

    CollectingSink cold = run(second, 8);
    assertThat(cold.await().cachedPromptTokens()).isZero();
    GenerationResult warmFirst = run(first, 8).await();
    assertThat(warmFirst.cachedPromptTokens()).isEqualTo(shared);

    CollectingSink warm = run(second, 8);
    GenerationResult result = warm.await();
    assertThat(result.promptTokens()).isEqualTo(secondTokens.length);
    assertThat(result.cachedPromptTokens()).isEqualTo(shared);
    assertThat(warm.tokens()).containsExactly(cold.tokens());
    assertThat(warm.text()).isEqualTo(cold.text());

    CollectingSink again = run(second, 8);
    assertThat(again.await().cachedPromptTokens())
        .as("the whole prompt is cached; its last token is evaluated again for its logits")
        .isEqualTo(secondTokens.length - 1);
    assertThat(again.tokens()).containsExactly(cold.tokens());
    assertThat(engine.status().slots())
        .containsExactly(
            new EngineStatus.Slot(0, EngineStatus.State.IDLE, secondTokens.length + 7, null),
            new EngineStatus.Slot(1, EngineStatus.State.IDLE, 0, null));
  }

  @Test
  void theCachedCompletionIsReusedByTheNextTurn() {
    Prompt prompt = Prompt.plain(SHARED);
    CollectingSink reply = run(prompt, 12);
    Prompt nextTurn = Prompt.tokens(append(append(tokens(prompt), reply.tokens()), tokens(" Да")));
    GenerationResult next = run(nextTurn, 3).await();
    assertThat(next.cachedPromptTokens())
        .as("the prompt and the eleven completion tokens fed after it (not the last one)")
        .isEqualTo(tokens(prompt).length + 11);
  }

  @Test
  void eachPromptGoesToTheSequenceCachingMostOfIt() {
    Prompt tea = Prompt.plain(SHARED);
    Prompt world = Prompt.plain(" мир привет".repeat(30));
    int[] teaCache = cachedAfter(tea, run(tea, 4));
    int[] worldCache = cachedAfter(world, run(world, 4));
    assertThat(engine.status().slots())
        .extracting(EngineStatus.Slot::cachedTokens)
        .containsExactly(teaCache.length, worldCache.length);

    Prompt worldAgain = Prompt.plain(" мир привет".repeat(30) + " Да.");
    Prompt teaAgain = Prompt.plain(SHARED + " Нет.");
    GenerationResult worldResult = run(worldAgain, 4).await();
    GenerationResult teaResult = run(teaAgain, 4).await();
    assertThat(worldResult.cachedPromptTokens())
        .isEqualTo(commonPrefix(worldCache, tokens(worldAgain)))
        .isGreaterThanOrEqualTo(60);
    assertThat(teaResult.cachedPromptTokens())
        .isEqualTo(commonPrefix(teaCache, tokens(teaAgain)))
        .isGreaterThanOrEqualTo(300);
    assertThat(engine.status().slots())
        .extracting(EngineStatus.Slot::cachedTokens)
        .containsExactly(tokens(teaAgain).length + 3, tokens(worldAgain).length + 3);
  }

  @Test
  void aCancelledGenerationLeavesNothingCached() throws InterruptedException {
    Prompt prompt = Prompt.plain(SHARED);
    GatedSink gated = new GatedSink(engine::status);
    GenerationHandle handle = engine.submit(greedy(prompt, null), gated);
    gated.awaitDelta();
    gated.proceed();
    gated.awaitDelta();
    assertThat(engine.status().slots().getFirst().cachedTokens()).isEqualTo(tokens(prompt).length);
    handle.cancel();
    gated.open();
    assertThat(gated.await().finishReason()).isEqualTo(FinishReason.CANCELLED);
    assertThat(gated.statusAtCompletion().slots()).allMatch(slot -> slot.cachedTokens() == 0);
    assertThat(run(prompt, 3).await().cachedPromptTokens()).isZero();
  }

  /** What a sequence caches after a generation that ended with its length limit. */
  private int[] cachedAfter(Prompt prompt, CollectingSink sink) {
    int[] completion = sink.tokens();
    return append(tokens(prompt), Arrays.copyOf(completion, completion.length - 1));
  }

  private CollectingSink run(Prompt prompt, int maxTokens) {
    CollectingSink sink = new CollectingSink();
    engine.submit(greedy(prompt, maxTokens), sink);
    sink.await();
    return sink;
  }

  private int[] tokens(Prompt prompt) {
    return prompt.segments().getFirst() instanceof Prompt.Tokens ids
        ? ids.ids()
        : engine.tokenize(prompt.text(), false, false);
  }

  private int[] tokens(String text) {
    return engine.tokenize(text, false, false);
  }

  private static int[] append(int[] head, int[] tail) {
    int[] joined = Arrays.copyOf(head, head.length + tail.length);
    System.arraycopy(tail, 0, joined, head.length, tail.length);
    return joined;
  }

  private static int commonPrefix(int[] a, int[] b) {
    int length = 0;
    while (length < Math.min(a.length, b.length) && a[length] == b[length]) {
      length++;
    }
    return length;
  }
}
