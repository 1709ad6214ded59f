package dev.samovar.engine.llama;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.samovar.engine.ChatMessage;
import dev.samovar.engine.FinishReason;
import dev.samovar.engine.GenerationRequest;
import dev.samovar.engine.GenerationResult;
import dev.samovar.engine.InferenceEngine;
import dev.samovar.engine.InvalidGenerationRequestException;
import dev.samovar.engine.Prompt;
import dev.samovar.engine.SamplingParams;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The sampler chain's stages, token-id prompts and token bytes; two sequences of 512 tokens. */
class SamplingIT {
  @TempDir static Path dir;
  private static InferenceEngine engine;
  private static int eot;

  @BeforeAll
  static void load() {
    engine = TinyEngines.load(dir, 512, 2);
    eot = engine.tokenize("<|eot_id|>", false, true)[0];
  }

  @AfterAll
  static void close() {
    engine.close();
  }

  @Test
  void aPositiveBiasForcesATokenAndANegativeOneBansIt() {
    int[] greedy = run(request(SamplingParams.greedy(), 6)).tokens();
    int tea = engine.tokenize(" чай", false, false)[0];
    SamplingParams forced =
        SamplingParams.builder().temperature(0).logitBias(Map.of(tea, 100.0)).build();
    assertThat(run(request(forced, 6)).tokens()).containsOnly(tea).hasSize(6);

    SamplingParams banned =
        SamplingParams.builder().temperature(0).logitBias(Map.of(greedy[0], -100.0)).build();
    assertThat(run(request(banned, 6)).tokens()[0]).isNotEqualTo(greedy[0]);
  }

  @Test
  void aBiasOutsideTheVocabularyFailsTheSubmit() {
    int size = engine.info().vocabSize();
    for (int token : new int[] {size, -1}) {
      SamplingParams bias = SamplingParams.builder().logitBias(Map.of(token, 1.0)).build();
      assertThatThrownBy(() -> engine.submit(request(bias, 3), new CollectingSink()))
          .isInstanceOfSatisfying(
              InvalidGenerationRequestException.class,
              e -> assertThat(e.field()).isEqualTo("logitBias"))
          .hasMessage(
              "logit bias for token id " + token + ", outside the vocabulary [0, " + size + ")");
    }
    SamplingParams notANumber = SamplingParams.builder().logitBias(Map.of(5, Double.NaN)).build();
    assertThatThrownBy(() -> engine.submit(request(notANumber, 3), new CollectingSink()))
        .isInstanceOf(InvalidGenerationRequestException.class)
        .hasMessage("logit bias for token id 5 is not a finite number: NaN");
  }

  @Test
  void ignoringTheEndRunsToMaxTokensWhereSamplingWouldStop() {
    int stopped = 0;
    for (long seed = 1; seed <= 6; seed++) {
      SamplingParams sampling = SamplingParams.of(0.9, 0.9, seed);
      GenerationResult free = run(request(sampling, 120)).await();
      if (free.finishReason() == FinishReason.STOP) {
        stopped++;
      }
      CollectingSink ignoring = new CollectingSink();
      engine.submit(
          GenerationRequest.builder(chat())
              .sampling(sampling)
              .maxTokens(120)
              .ignoreEos(true)
              .build(),
          ignoring);
      GenerationResult result = ignoring.await();
      assertThat(result.finishReason()).isEqualTo(FinishReason.LENGTH);
      assertThat(ignoring.tokens()).hasSize(120).doesNotContain(eot);
    }
    assertThat(stopped).as("the same seeds without ignoreEos end early").isPositive();
  }

  @Test
  void filtersThatKeepOneTokenDecodeGreedily() {
    int[] greedy = run(request(SamplingParams.greedy(), 30)).tokens();
    for (long seed = 1; seed <= 3; seed++) {
      SamplingParams topK = SamplingParams.builder().temperature(1.5).topK(1).seed(seed).build();
      SamplingParams topP = SamplingParams.of(1.5, 1e-6, seed);
      assertThat(run(request(topK, 30)).tokens()).as("top_k 1").containsExactly(greedy);
      assertThat(run(request(topP, 30)).tokens()).as("top_p 1e-6").containsExactly(greedy);
    }
  }

  @Test
  void minPNearOneKeepsOnlyTheBestToken() {
    int[] greedy = run(request(SamplingParams.greedy(), 40)).tokens();
    for (long seed = 1; seed <= 3; seed++) {
      SamplingParams loose = SamplingParams.of(1.5, 1, seed);
      SamplingParams strict =
          SamplingParams.builder().temperature(1.5).minP(0.99).seed(seed).build();
      assertThat(run(request(loose, 40)).tokens())
          .as("temperature 1.5 alone leaves the greedy path")
          .isNotEqualTo(greedy);
      assertThat(run(request(strict, 40)).tokens()).as("min_p 0.99").containsExactly(greedy);
    }
  }

  @Test
  void penaltiesBreakGreedyRepetition() {
    int[] plain = run(request(SamplingParams.greedy(), 60)).tokens();
    SamplingParams penalised =
        SamplingParams.builder()
            .temperature(0)
            .repeatPenalty(1.5)
            .frequencyPenalty(1.0)
            .presencePenalty(1.0)
            .build();
    int[] varied = run(request(penalised, 60)).tokens();
    assertThat(varied).isNotEqualTo(plain);
    assertThat(distinct(varied)).isGreaterThan(distinct(plain));
    assertThat(run(request(penalised, 60)).tokens()).containsExactly(varied);
  }

  @Test
  void tokenIdPromptsAreFedAsGiven() {
    Prompt text = chat();
    int[] ids = engine.tokenize(text.text(), false, true);
    CollectingSink fromText = run(request(text, SamplingParams.greedy(), 10));
    CollectingSink fromIds = run(request(Prompt.tokens(ids), SamplingParams.greedy(), 10));
    assertThat(fromIds.await().promptTokens()).isEqualTo(ids.length);
    assertThat(fromIds.tokens()).containsExactly(fromText.tokens());

    int split = 5;
    Prompt mixed =
        new Prompt(
            List.of(
                new Prompt.Tokens(Arrays.copyOf(ids, split)),
                new Prompt.Text(
                    engine.detokenize(Arrays.copyOfRange(ids, split, ids.length)), true)));
    assertThat(run(request(mixed, SamplingParams.greedy(), 10)).tokens())
        .containsExactly(fromText.tokens());
  }

  @Test
  void tokenIdsOutsideTheVocabularyFailTheSubmit() {
    int size = engine.info().vocabSize();
    Prompt prompt =
        new Prompt(
            List.of(
                Prompt.plain("чай").segments().getFirst(), new Prompt.Tokens(new int[] {1, size})));
    assertThatThrownBy(
            () -> engine.submit(request(prompt, SamplingParams.greedy(), 3), new CollectingSink()))
        .isInstanceOfSatisfying(
            InvalidGenerationRequestException.class, e -> assertThat(e.field()).isEqualTo("prompt"))
        .hasMessage("prompt token 2 has id " + size + ", outside the vocabulary [0, " + size + ")");
  }

  @Test
  void tokenBytesAreTheTokensText() {
    int tea = engine.tokenize(" чай", false, false)[0];
    assertThat(new String(engine.tokenBytes(tea), StandardCharsets.UTF_8)).isEqualTo(" чай");
    assertThat(new String(engine.tokenBytes(eot), StandardCharsets.UTF_8)).isEqualTo("<|eot_id|>");
    byte[] teapot = "🫖".getBytes(StandardCharsets.UTF_8);
    byte[] joined = new byte[0];
    for (int token : engine.tokenize("🫖", false, false)) {
      byte[] piece = engine.tokenBytes(token);
      byte[] longer = Arrays.copyOf(joined, joined.length + piece.length);
      System.arraycopy(piece, 0, longer, joined.length, piece.length);
      joined = longer;
    }
    assertThat(joined).isEqualTo(teapot);
    for (int token : new int[] {-1, engine.info().vocabSize()}) {
      assertThatThrownBy(() -> engine.tokenBytes(token))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage(
              "token id "
                  + token
                  + " is outside the vocabulary [0, "
                  + engine.info().vocabSize()
                  + ")");
    }
  }

  private static long distinct(int[] tokens) {
    return Arrays.stream(tokens).distinct().count();
  }

  private static CollectingSink run(GenerationRequest request) {
    CollectingSink sink = new CollectingSink();
    engine.submit(request, sink);
    sink.await();
    return sink;
  }

  private static GenerationRequest request(SamplingParams sampling, int maxTokens) {
    return request(chat(), sampling, maxTokens);
  }

  private static GenerationRequest request(Prompt prompt, SamplingParams sampling, int maxTokens) {
    return GenerationRequest.builder(prompt).sampling(sampling).maxTokens(maxTokens).build();
  }

  private static Prompt chat() {
    return engine.renderChat(List.of(new ChatMessage("user", "Расскажи про самовар.")));
  }
}
