package dev.samovar.engine.llama;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.samovar.engine.ChatMessage;
import dev.samovar.engine.GenerationRequest;
import dev.samovar.engine.InferenceEngine;
import dev.samovar.engine.Prompt;
import dev.samovar.engine.SamplingParams;
import dev.samovar.engine.TextDelta;
import dev.samovar.engine.TokenLogprob;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Log-probabilities of sampled tokens, from the raw logits; one sequence of 256 tokens. */
class LogprobsIT {
  @TempDir static Path dir;
  private static InferenceEngine engine;

  @BeforeAll
  static void load() {
    engine = TinyEngines.load(dir, 256, 1);
  }

  @AfterAll
  static void close() {
    engine.close();
  }

  @Test
  void greedyTokensAreTheMostLikelyAndCarryTheirAlternatives() {
    CollectingSink sink = run(request(SamplingParams.greedy(), 5));
    List<TokenLogprob> entries = entries(sink);
    assertThat(entries).hasSize(12);
    for (TokenLogprob entry : entries) {
      assertThat(entry.top()).hasSize(5);
      assertThat(entry.top().getFirst().token()).isEqualTo(entry.token());
      assertThat(entry.logprob()).isEqualTo(entry.top().getFirst().logprob());
      assertThat(entry.logprob()).isNotPositive();
      assertThat(entry.bytes()).isEqualTo(engine.tokenBytes(entry.token()));
      checkTop(entry);
    }
  }

  @Test
  void sampledTokensHaveConsistentLogprobs() {
    for (long seed = 1; seed <= 4; seed++) {
      CollectingSink sink = run(request(SamplingParams.of(1.0, 1, seed), 20));
      for (TokenLogprob entry : entries(sink)) {
        checkTop(entry);
        assertThat(entry.logprob()).isLessThanOrEqualTo(entry.top().getFirst().logprob());
        entry.top().stream()
            .filter(alternative -> alternative.token() == entry.token())
            .forEach(same -> assertThat(same.logprob()).isEqualTo(entry.logprob()));
      }
    }
  }

  @Test
  void logprobsComeFromTheRawLogitsNotFromTheSamplingStages() {
    TokenLogprob.Alternative second =
        entries(run(request(SamplingParams.greedy(), 3))).getFirst().top().get(1);
    SamplingParams forced =
        SamplingParams.builder().temperature(0).logitBias(Map.of(second.token(), 100.0)).build();
    TokenLogprob first = entries(run(request(forced, 3))).getFirst();
    assertThat(first.token()).isEqualTo(second.token());
    assertThat(first.logprob())
        .as("the same raw logits (the prompt now comes from the cache)")
        .isCloseTo(second.logprob(), within(1e-4));
    assertThat(first.top().getFirst().token()).isNotEqualTo(second.token());
  }

  @Test
  void zeroAlternativesGiveEntriesWithAnEmptyTopList() {
    CollectingSink sink = run(request(SamplingParams.greedy(), 0));
    assertThat(entries(sink))
        .hasSize(12)
        .allSatisfy(
            entry -> {
              assertThat(entry.top()).isEmpty();
              assertThat(entry.logprob()).isNotPositive();
            });
  }

  @Test
  void noLogprobsWhenNotAsked() {
    CollectingSink sink = new CollectingSink();
    engine.submit(GenerationRequest.builder(chat()).maxTokens(6).build(), sink);
    sink.await();
    assertThat(sink.deltas()).hasSize(6).allMatch(delta -> delta.logprobs().isEmpty());
  }

  private static void checkTop(TokenLogprob entry) {
    List<TokenLogprob.Alternative> top = entry.top();
    for (int i = 1; i < top.size(); i++) {
      assertThat(top.get(i).logprob()).isLessThanOrEqualTo(top.get(i - 1).logprob());
    }
    top.forEach(
        alternative ->
            assertThat(alternative.bytes()).isEqualTo(engine.tokenBytes(alternative.token())));
    assertThat(top.stream().mapToDouble(a -> Math.exp(a.logprob())).sum())
        .isLessThanOrEqualTo(1 + 1e-9);
  }

  /** Every delta's entries, checked to match its tokens one for one. */
  private static List<TokenLogprob> entries(CollectingSink sink) {
    sink.await();
    for (TextDelta delta : sink.deltas()) {
      assertThat(delta.logprobs()).hasSize(delta.tokens().length);
      for (int i = 0; i < delta.tokens().length; i++) {
        assertThat(delta.logprobs().get(i).token()).isEqualTo(delta.tokens()[i]);
      }
    }
    return sink.deltas().stream().flatMap(delta -> delta.logprobs().stream()).toList();
  }

  private static GenerationRequest request(SamplingParams sampling, int top) {
    return GenerationRequest.builder(chat())
        .sampling(sampling)
        .maxTokens(12)
        .topLogprobs(top)
        .build();
  }

  private static CollectingSink run(GenerationRequest request) {
    CollectingSink sink = new CollectingSink();
    engine.submit(request, sink);
    return sink;
  }

  private static Prompt chat() {
    return engine.renderChat(List.of(new ChatMessage("user", "Как дела?")));
  }
}
