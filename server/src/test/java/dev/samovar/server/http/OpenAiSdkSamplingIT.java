package dev.samovar.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.openai.core.JsonValue;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.completions.CompletionUsage;
import org.junit.jupiter.api.Test;

/**
 * Sampling through the official SDK: seeds, several choices, logit bias, the sampling extensions
 * and penalties.
 */
@SuppressWarnings("deprecation") // the SDK marks seed deprecated; this server honours it
class OpenAiSdkSamplingIT extends OpenAiSdkFixture {
  @Test
  void repeatsASeededSampledAnswer() {
    ChatCompletionCreateParams request =
        params().temperature(1.0).seed(12345).maxCompletionTokens(40).build();

    assertThat(content(request)).isNotEmpty().isEqualTo(content(request));
  }

  @Test
  void samplesChoiceIWithSeedPlusIAndStreamsThemInterleaved() {
    ChatCompletionCreateParams.Builder base =
        params().temperature(1.0).maxCompletionTokens(30).n(3).seed(100);

    ChatCompletion completion = client.chat().completions().create(base.build());
    Streamed streamed = stream(base.build());

    assertThat(completion.choices())
        .extracting(ChatCompletion.Choice::index)
        .containsExactly(0L, 1L, 2L);
    for (int i = 0; i < 3; i++) {
      String single =
          content(params().temperature(1.0).maxCompletionTokens(30).seed(100 + i).build());
      assertThat(completion.choices().get(i).message().content()).contains(single);
      assertThat(streamed.contents().get((long) i)).isEqualTo(single);
    }
    assertThat(streamed.finishReasons()).hasSize(3);
    CompletionUsage usage = completion.usage().orElseThrow();
    assertThat(usage.promptTokens()).isEqualTo(promptTokens(SYSTEM, PROMPT));
  }

  @Test
  void forcesAndBansTokensWithLogitBias() {
    int tea = server.engine.tokenize(" чай", false, false)[0];
    String greedy = content(params().temperature(0).maxCompletionTokens(4).build());
    int first = server.engine.tokenize(greedy.split(" ")[0], false, false)[0];

    String forced =
        content(
            params()
                .temperature(0)
                .maxCompletionTokens(4)
                .logitBias(
                    ChatCompletionCreateParams.LogitBias.builder()
                        .putAdditionalProperty(String.valueOf(tea), JsonValue.from(100))
                        .build())
                .build());
    String banned =
        content(
            params()
                .temperature(0)
                .maxCompletionTokens(4)
                .logitBias(
                    ChatCompletionCreateParams.LogitBias.builder()
                        .putAdditionalProperty(String.valueOf(first), JsonValue.from(-100))
                        .build())
                .build());

    assertThat(forced).isEqualTo(" чай чай чай чай");
    assertThat(banned).doesNotStartWith(greedy.split(" ")[0]);
  }

  @Test
  void honoursTheSamplingExtensionsAndPenalties() {
    String greedy = content(params().temperature(0).maxCompletionTokens(20).build());

    String topK1 =
        content(
            params()
                .temperature(1.5)
                .seed(SEED)
                .maxCompletionTokens(20)
                .putAdditionalBodyProperty("top_k", JsonValue.from(1))
                .build());
    String minP1 =
        content(
            params()
                .temperature(1.5)
                .seed(SEED)
                .maxCompletionTokens(20)
                .putAdditionalBodyProperty("min_p", JsonValue.from(1.0))
                .build());
    String penalised =
        content(
            params()
                .temperature(0)
                .maxCompletionTokens(20)
                .presencePenalty(2.0)
                .frequencyPenalty(2.0)
                .putAdditionalBodyProperty("repeat_penalty", JsonValue.from(1.5))
                .build());
    ChatCompletion pastEos =
        client
            .chat()
            .completions()
            .create(
                params()
                    .temperature(1.0)
                    .seed(SEED)
                    .maxCompletionTokens(200)
                    .putAdditionalBodyProperty("ignore_eos", JsonValue.from(true))
                    .user("user-1")
                    .build());

    assertThat(topK1).isEqualTo(greedy);
    assertThat(minP1).isEqualTo(greedy);
    assertThat(penalised).isNotEqualTo(greedy);
    assertThat(pastEos.choices().getFirst().finishReason())
        .isEqualTo(ChatCompletion.Choice.FinishReason.LENGTH);
    assertThat(pastEos.usage().orElseThrow().completionTokens()).isEqualTo(200);
  }
}
