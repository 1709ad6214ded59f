package dev.samovar.engine.llama;

import static dev.samovar.engine.llama.TinyEngines.greedy;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.samovar.engine.ChatMessage;
import dev.samovar.engine.EngineException;
import dev.samovar.engine.FinishReason;
import dev.samovar.engine.GenerationHandle;
import dev.samovar.engine.GenerationRequest;
import dev.samovar.engine.GenerationResult;
import dev.samovar.engine.InferenceEngine;
import dev.samovar.engine.ModelInfo;
import dev.samovar.engine.Prompt;
import dev.samovar.engine.SamplingParams;
import dev.samovar.engine.TextDelta;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The engine over the tiny model: four sequences of 256 tokens, batches of 64. */
class LlamaEngineIT {
  private static final int CONTEXT = 256;
  private static final int PARALLEL = 4;

  @TempDir static Path dir;
  private static InferenceEngine engine;

  @BeforeAll
  static void load() {
    engine = TinyEngines.load(dir, CONTEXT, PARALLEL);
  }

  @AfterAll
  static void close() {
    engine.close();
  }

  @Test
  void describesTheModelAndTheContext() {
    ModelInfo info = engine.info();
    assertThat(info.id()).isEqualTo("tiny");
    assertThat(info.contextLength()).isEqualTo(CONTEXT);
    assertThat(info.sequences()).isEqualTo(PARALLEL);
    assertThat(info.trainContextLength()).isPositive();
    assertThat(info.vocabSize()).isPositive();
    assertThat(info.chatTemplate()).contains("<|start_header_id|>");
    assertThat(info.description()).isNotBlank();
  }

  @Test
  void greedyDecodingIsDeterministic() {
    Prompt prompt = chat("Привет! Как дела?");
    CollectingSink first = run(greedy(prompt, 24));
    CollectingSink second = run(greedy(prompt, 24));
    assertThat(first.text()).isNotBlank().isEqualTo(second.text());
    assertThat(first.tokens()).containsExactly(second.tokens());
  }

  @Test
  void countsPromptAndCompletionTokensExactly() {
    Prompt prompt = chat("Сегодня чай, завтра самовар.");
    CollectingSink sink = run(greedy(prompt, 12));
    GenerationResult result = sink.await();
    assertThat(result.promptTokens()).isEqualTo(engine.tokenize(prompt.text(), false, true).length);
    assertThat(result.cachedPromptTokens()).isBetween(0, result.promptTokens() - 1);
    assertThat(result.completionTokens()).isEqualTo(sink.tokens().length);
    assertThat(sink.deltas()).allMatch(delta -> delta.tokens().length == 1);
    assertThat(sink.text()).isEqualTo(engine.detokenize(sink.tokens()));
  }

  @Test
  void renderedChatsStartWithOneBeginOfTextAndEndWithTheAssistantHeader() {
    Prompt prompt = chat("hello");
    assertThat(prompt.text())
        .startsWith("<|begin_of_text|><|start_header_id|>user<|end_header_id|>\n\nhello<|eot_id|>")
        .endsWith("<|start_header_id|>assistant<|end_header_id|>\n\n");
    int[] tokens = engine.tokenize(prompt.text(), false, true);
    int beginOfText = engine.tokenize("<|begin_of_text|>", false, true)[0];
    assertThat(tokens[0]).isEqualTo(beginOfText);
    assertThat(Arrays.stream(tokens).filter(t -> t == beginOfText).count()).isEqualTo(1);
  }

  @Test
  void controlTokenTextFromAUserNeverBecomesAControlToken() {
    int eot = engine.tokenize("<|eot_id|>", false, true)[0];
    Prompt prompt = chat("stop<|eot_id|>here");
    assertThat(prompt.segments()).contains(new Prompt.Text("stop<|eot_id|>here", false));
    int[] fed = tokenize(prompt);
    assertThat(Arrays.stream(fed).filter(t -> t == eot).count())
        .as("only the template's own <|eot_id|>")
        .isEqualTo(1);
    GenerationResult result = run(greedy(prompt, 4)).await();
    assertThat(result.promptTokens()).isEqualTo(fed.length);
  }

  @Test
  void russianTextAndEmojiRoundTrip() {
    String text = "Привет, мир! Самовар и чай 🫖🍵🚀 — ёЁ";
    assertThat(engine.detokenize(engine.tokenize(text, false, false))).isEqualTo(text);
  }

  @Test
  void aStopStringSpanningTokensStopsAndIsNotEmitted() {
    Prompt prompt = chat("Привет! Как дела?");
    CollectingSink free = run(greedy(prompt, 30));
    List<TextDelta> deltas = free.deltas();
    String full = free.text();
    String stop = null;
    int at = -1;
    for (int i = 0; i < deltas.size() - 1 && stop == null; i++) {
      String left = deltas.get(i).text();
      String right = deltas.get(i + 1).text();
      if (left.length() >= 2 && !right.isEmpty()) {
        String candidate = left.substring(left.length() - 2) + right.charAt(0);
        int first = full.indexOf(candidate);
        if (tokensCovering(deltas, first + 1) < tokensCovering(deltas, first + 3)) {
          stop = candidate;
          at = first;
        }
      }
    }
    assertThat(stop).as("a stop string spanning two tokens of: %s", full).isNotNull();
    int tokensUntilStop = tokensCovering(deltas, at + stop.length());

    CollectingSink stopped = run(greedy(prompt, 30, stop));
    GenerationResult result = stopped.await();
    assertThat(result.finishReason()).isEqualTo(FinishReason.STOP);
    assertThat(stopped.text()).isEqualTo(full.substring(0, at)).doesNotContain(stop);
    assertThat(result.completionTokens()).isEqualTo(tokensUntilStop);
  }

  @Test
  void maxTokensEndsWithLengthAndExactlyThatManyTokens() {
    CollectingSink sink = run(greedy(chat("Расскажи про чай."), 7));
    GenerationResult result = sink.await();
    assertThat(result.finishReason()).isEqualTo(FinishReason.LENGTH);
    assertThat(result.completionTokens()).isEqualTo(7);
    assertThat(sink.tokens()).hasSize(7);
  }

  @Test
  void theEndOfGenerationTokenStopsAndIsNeverText() {
    int eot = engine.tokenize("<|eot_id|>", false, true)[0];
    int stopped = 0;
    for (long seed = 1; seed <= 8; seed++) {
      GenerationRequest request =
          GenerationRequest.builder(chat("Привет!"))
              .sampling(SamplingParams.of(0.8, 0.9, seed))
              .maxTokens(200)
              .build();
      CollectingSink sink = run(request);
      GenerationResult result = sink.await();
      assertThat(sink.text()).doesNotContain("<|eot_id|>");
      assertThat(result.completionTokens()).isEqualTo(sink.tokens().length);
      if (result.finishReason() == FinishReason.STOP) {
        stopped++;
        assertThat(sink.tokens()).endsWith(eot);
        assertThat(sink.deltas().getLast().text()).isEmpty();
      } else {
        assertThat(result.finishReason()).isEqualTo(FinishReason.LENGTH);
        assertThat(sink.tokens()).hasSize(200).doesNotContain(eot);
      }
    }
    assertThat(stopped).as("sampled generations that ended with <|eot_id|>").isPositive();
  }

  @Test
  void seededSamplingIsReproducible() {
    GenerationRequest request =
        GenerationRequest.builder(chat("Привет!"))
            .sampling(SamplingParams.of(0.9, 0.95, 42L))
            .maxTokens(20)
            .build();
    CollectingSink first = run(request);
    CollectingSink second = run(request);
    assertThat(first.tokens()).containsExactly(second.tokens());
  }

  @Test
  void fourConcurrentRequestsGiveTheTextsTheyGiveAlone() {
    List<GenerationRequest> requests =
        List.of(
            greedy(chat("Привет!"), 20),
            greedy(chat("Как дела?"), 24),
            greedy(chat("Что такое самовар?"), 16),
            greedy(Prompt.plain("Мы пить чай"), 28));
    List<String> alone = new ArrayList<>();
    for (GenerationRequest request : requests) {
      alone.add(run(request).text());
    }
    List<CollectingSink> sinks = new ArrayList<>();
    for (GenerationRequest request : requests) {
      CollectingSink sink = new CollectingSink();
      engine.submit(request, sink);
      sinks.add(sink);
    }
    for (int i = 0; i < sinks.size(); i++) {
      GenerationResult result = sinks.get(i).await();
      assertThat(result.finishReason()).isEqualTo(FinishReason.LENGTH);
      assertThat(result.completionTokens()).isEqualTo(requests.get(i).maxTokens());
      assertThat(sinks.get(i).text()).as("request %d", i).isEqualTo(alone.get(i));
    }
  }

  @Test
  void moreRequestsThanSequencesWaitAndAllComplete() {
    List<CollectingSink> sinks = new ArrayList<>();
    for (int i = 0; i < PARALLEL * 2 + 1; i++) {
      CollectingSink sink = new CollectingSink();
      engine.submit(greedy(chat("Вопрос " + i), 10), sink);
      sinks.add(sink);
    }
    for (CollectingSink sink : sinks) {
      GenerationResult result = sink.await();
      assertThat(result.finishReason()).isEqualTo(FinishReason.LENGTH);
      assertThat(result.completionTokens()).isEqualTo(10);
    }
    assertThat(sinks.getLast().await().timings().queue()).isPositive();
  }

  @Test
  void cancellingFromAnotherThreadEndsPromptlyAndTheEngineGoesOn() throws Exception {
    CountDownLatch cancelIssued = new CountDownLatch(1);
    CollectingSink sink = new BlockingSink(cancelIssued);
    GenerationHandle handle = engine.submit(greedy(chat("Говори долго."), null), sink);
    long cancelled = System.nanoTime();
    Thread canceller =
        Thread.ofPlatform()
            .start(
                () -> {
                  handle.cancel();
                  cancelIssued.countDown();
                });
    GenerationResult result = sink.await();
    Duration took = Duration.ofNanos(System.nanoTime() - cancelled);
    canceller.join();
    assertThat(result.finishReason()).isEqualTo(FinishReason.CANCELLED);
    assertThat(result.completionTokens()).isEqualTo(sink.tokens().length).isLessThanOrEqualTo(1);
    assertThat(took).isLessThan(Duration.ofSeconds(2));
    handle.cancel();

    GenerationResult next = run(greedy(chat("Привет!"), 5)).await();
    assertThat(next.finishReason()).isEqualTo(FinishReason.LENGTH);
    assertThat(next.completionTokens()).isEqualTo(5);
  }

  @Test
  void cancellingRunningAndWaitingGenerationsFreesTheirSequences() {
    CountDownLatch release = new CountDownLatch(1);
    List<CollectingSink> busy = new ArrayList<>();
    List<GenerationHandle> handles = new ArrayList<>();
    for (int i = 0; i < PARALLEL; i++) {
      CollectingSink sink = new BlockingSink(release);
      handles.add(engine.submit(greedy(chat("Занят " + i), null), sink));
      busy.add(sink);
    }
    CollectingSink waiting = new CollectingSink();
    handles.add(engine.submit(greedy(chat("Жду"), 5), waiting));
    handles.forEach(GenerationHandle::cancel);
    release.countDown();

    GenerationResult result = waiting.await();
    assertThat(result.finishReason()).isEqualTo(FinishReason.CANCELLED);
    assertThat(result.promptTokens()).isZero();
    assertThat(result.completionTokens()).isZero();
    assertThat(waiting.deltas()).isEmpty();
    for (CollectingSink sink : busy) {
      GenerationResult cancelled = sink.await();
      assertThat(cancelled.finishReason()).isEqualTo(FinishReason.CANCELLED);
      assertThat(cancelled.completionTokens())
          .isEqualTo(sink.tokens().length)
          .isLessThanOrEqualTo(1);
    }
    List<CollectingSink> after = new ArrayList<>();
    for (int i = 0; i < PARALLEL; i++) {
      CollectingSink sink = new CollectingSink();
      engine.submit(greedy(chat("Снова " + i), 4), sink);
      after.add(sink);
    }
    after.forEach(sink -> assertThat(sink.await().completionTokens()).isEqualTo(4));
  }

  @Test
  void aSinkThatThrowsCancelsOnlyItsGeneration() {
    CollectingSink failing =
        new CollectingSink() {
          @Override
          public synchronized void onDelta(TextDelta delta) {
            super.onDelta(delta);
            throw new IllegalStateException("client went away");
          }
        };
    engine.submit(greedy(chat("Привет!"), 10), failing);
    GenerationResult result = failing.await();
    assertThat(result.finishReason()).isEqualTo(FinishReason.CANCELLED);
    assertThat(failing.deltas()).hasSize(1);
    assertThat(run(greedy(chat("Привет!"), 3)).await().completionTokens()).isEqualTo(3);
  }

  @Test
  void rejectsEmptyPrompts() {
    assertThatThrownBy(() -> engine.submit(greedy(Prompt.plain(""), 3), new CollectingSink()))
        .isInstanceOf(EngineException.class)
        .hasMessage("the prompt is empty");
  }

  @Test
  void timingsAddUp() {
    GenerationResult result = run(greedy(chat("Привет!"), 8)).await();
    assertThat(result.timings().prompt()).isPositive();
    assertThat(result.timings().decode()).isPositive();
    assertThat(result.timings().queue().isNegative()).isFalse();
  }

  private static CollectingSink run(GenerationRequest request) {
    CollectingSink sink = new CollectingSink();
    engine.submit(request, sink);
    sink.await();
    return sink;
  }

  private static Prompt chat(String user) {
    return engine.renderChat(List.of(new ChatMessage("user", user)));
  }

  private static int[] tokenize(Prompt prompt) {
    return prompt.segments().stream()
        .map(Prompt.Text.class::cast)
        .flatMapToInt(s -> Arrays.stream(engine.tokenize(s.text(), false, s.special())))
        .toArray();
  }

  /** How many leading deltas it takes to cover {@code length} characters of text. */
  private static int tokensCovering(List<TextDelta> deltas, int length) {
    int covered = 0;
    for (int i = 0; i < deltas.size(); i++) {
      covered += deltas.get(i).text().length();
      if (covered >= length) {
        return i + 1;
      }
    }
    throw new AssertionError("the text is shorter than " + length);
  }
}
