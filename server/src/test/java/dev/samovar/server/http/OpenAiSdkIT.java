package dev.samovar.server.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.openai.core.JsonValue;
import com.openai.core.http.StreamResponse;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import com.openai.models.chat.completions.ChatCompletionTokenLogprob;
import com.openai.models.completions.CompletionUsage;
import dev.samovar.engine.ChatMessage;
import dev.samovar.models.tiny.TinyModel;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Chat completions from the real engine over the tiny model, called with the official SDK: content,
 * finish reasons, usage and logprobs, whole and streamed, stop strings, cached prompt tokens and
 * the model list.
 */
@SuppressWarnings("deprecation") // the SDK marks seed deprecated; this server honours it
class OpenAiSdkIT extends OpenAiSdkFixture {
  @Test
  void completesWithContentFinishReasonAndUsage() {
    ChatCompletion completion =
        client.chat().completions().create(params().temperature(0.8).seed(SEED).build());

    assertThat(completion.id()).startsWith("chatcmpl-");
    assertThat(completion.model()).isEqualTo("tiny");
    assertThat(completion.choices()).hasSize(1);
    ChatCompletion.Choice choice = completion.choices().getFirst();
    assertThat(choice.message().content())
        .hasValueSatisfying(text -> assertThat(text).isNotBlank());
    assertThat(choice.finishReason()).isEqualTo(ChatCompletion.Choice.FinishReason.STOP);
    assertThat(choice.logprobs()).isEmpty();
    CompletionUsage usage = completion.usage().orElseThrow();
    assertThat(usage.promptTokens()).isEqualTo(promptTokens(SYSTEM, PROMPT));
    assertThat(usage.completionTokens()).isPositive();
    assertThat(usage.totalTokens()).isEqualTo(usage.promptTokens() + usage.completionTokens());
  }

  @Test
  void streamsTheSameRussianTextWithUsageWhenAsked() {
    ChatCompletion whole =
        client.chat().completions().create(params().temperature(0.8).seed(SEED).build());

    Streamed streamed =
        stream(
            params()
                .temperature(0.8)
                .seed(SEED)
                .streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build())
                .build());

    assertThat(streamed.contents())
        .containsExactly(
            Map.entry(0L, whole.choices().getFirst().message().content().orElseThrow()));
    assertThat(streamed.contents().get(0L)).containsPattern("[а-яА-Я]");
    assertThat(streamed.finishReasons())
        .containsExactly(ChatCompletionChunk.Choice.FinishReason.STOP);
    // The stream reuses the cache of the first request, so only the cached count may differ.
    CompletionUsage expected = whole.usage().orElseThrow();
    assertThat(streamed.usages())
        .singleElement()
        .extracting(
            CompletionUsage::promptTokens,
            CompletionUsage::completionTokens,
            CompletionUsage::totalTokens)
        .containsExactly(
            expected.promptTokens(), expected.completionTokens(), expected.totalTokens());
  }

  @Test
  void streamsEmojiWhole() {
    ChatCompletionCreateParams.LogitBias.Builder bias =
        ChatCompletionCreateParams.LogitBias.builder();
    for (String emoji : List.of("😀", "🙂", "👍", "🚀", "🍵", "🫖")) {
      int[] ids = server.engine.tokenize(emoji, false, false);
      assertThat(ids).as(emoji).hasSize(1);
      bias.putAdditionalProperty(String.valueOf(ids[0]), JsonValue.from(12));
    }
    ChatCompletionCreateParams request =
        params()
            .temperature(1.0)
            .seed(SEED)
            .maxCompletionTokens(40)
            .logitBias(bias.build())
            .build();

    String whole = content(request);
    Streamed streamed = stream(request);

    assertThat(whole).containsPattern("[😀🙂👍🚀🍵🫖]").doesNotContain("\uFFFD");
    assertThat(streamed.contents().get(0L)).isEqualTo(whole);
  }

  @Test
  void streamsWithoutUsageUnlessAsked() {
    List<ChatCompletionChunk> chunks;
    try (StreamResponse<ChatCompletionChunk> stream =
        client
            .chat()
            .completions()
            .createStreaming(params().temperature(0).maxCompletionTokens(3).build())) {
      chunks = stream.stream().toList();
    }

    assertThat(chunks).allSatisfy(chunk -> assertThat(chunk.usage()).isEmpty());
    assertThat(chunks.getLast().choices().getFirst().finishReason())
        .contains(ChatCompletionChunk.Choice.FinishReason.LENGTH);
  }

  @Test
  void stopsAtMaxTokensWithLength() {
    ChatCompletion completion =
        client.chat().completions().create(params().temperature(0).maxCompletionTokens(5).build());

    assertThat(completion.choices().getFirst().finishReason())
        .isEqualTo(ChatCompletion.Choice.FinishReason.LENGTH);
    assertThat(completion.usage().orElseThrow().completionTokens()).isEqualTo(5);
    assertThat(completion.choices().getFirst().message().content())
        .hasValueSatisfying(text -> assertThat(text).isNotBlank());
  }

  @Test
  void endsBeforeAStopString() {
    String greedy = content(params().temperature(0).maxCompletionTokens(12).build());
    String[] words = greedy.strip().split(" ");
    assertThat(words).hasSizeGreaterThan(3);
    String stop = " " + words[2];

    ChatCompletion stopped =
        client
            .chat()
            .completions()
            .create(
                params()
                    .temperature(0)
                    .maxCompletionTokens(12)
                    .stopOfStrings(List.of(stop, "###"))
                    .build());

    assertThat(stopped.choices().getFirst().message().content())
        .contains(greedy.substring(0, greedy.indexOf(stop)));
    assertThat(stopped.choices().getFirst().finishReason())
        .isEqualTo(ChatCompletion.Choice.FinishReason.STOP);
  }

  @Test
  void reportsCachedPromptTokensForASharedPrefix() {
    String system = "Ты самовар. " + "Мы пьём чай и говорим о погоде. ".repeat(20);
    ChatCompletion first =
        client
            .chat()
            .completions()
            .create(
                ChatCompletionCreateParams.builder()
                    .model(TinyModel.MODEL_ID)
                    .addSystemMessage(system)
                    .addUserMessage("Привет")
                    .temperature(0)
                    .maxCompletionTokens(2)
                    .build());
    ChatCompletion second =
        client
            .chat()
            .completions()
            .create(
                ChatCompletionCreateParams.builder()
                    .model(TinyModel.MODEL_ID)
                    .addSystemMessage(system)
                    .addUserMessage("Как дела?")
                    .temperature(0)
                    .maxCompletionTokens(2)
                    .build());

    int[] a =
        server.ids(
            server.engine.renderChat(
                List.of(new ChatMessage("system", system), new ChatMessage("user", "Привет"))));
    int[] b =
        server.ids(
            server.engine.renderChat(
                List.of(new ChatMessage("system", system), new ChatMessage("user", "Как дела?"))));
    int shared = 0;
    while (shared < Math.min(a.length, b.length) && a[shared] == b[shared]) {
      shared++;
    }
    assertThat(shared).isGreaterThan(200);
    assertThat(first.usage().orElseThrow().promptTokens()).isEqualTo(a.length);
    assertThat(second.usage().orElseThrow().promptTokens()).isEqualTo(b.length);
    assertThat(second.usage().orElseThrow().promptTokensDetails().orElseThrow().cachedTokens())
        .contains((long) shared);
  }

  @Test
  void listsAndRetrievesTheServedModels() {
    assertThat(client.models().list().data())
        .extracting(com.openai.models.models.Model::id)
        .containsExactly("tiny", TinyServer.ALIAS);
    assertThat(client.models().retrieve(TinyServer.ALIAS).id()).isEqualTo(TinyServer.ALIAS);
  }

  @Test
  void reportsLogprobsThatAreDistributionsAndTopFirstWhenGreedy() {
    ChatCompletionCreateParams request =
        params().temperature(0).maxCompletionTokens(10).logprobs(true).topLogprobs(5).build();

    ChatCompletion completion = client.chat().completions().create(request);
    Streamed streamed = stream(request);

    List<ChatCompletionTokenLogprob> entries =
        completion.choices().getFirst().logprobs().orElseThrow().content().orElseThrow();
    assertThat(entries).hasSize(10);
    StringBuilder text = new StringBuilder();
    for (ChatCompletionTokenLogprob entry : entries) {
      assertThat(entry.topLogprobs()).hasSize(5);
      assertThat(entry.token()).isEqualTo(entry.topLogprobs().getFirst().token());
      assertThat(entry.logprob()).isCloseTo(entry.topLogprobs().getFirst().logprob(), within(1e-9));
      double mass = entry.topLogprobs().stream().mapToDouble(top -> Math.exp(top.logprob())).sum();
      assertThat(mass).isLessThanOrEqualTo(1.0 + 1e-9).isGreaterThan(0.0);
      byte[] bytes = new byte[entry.bytes().orElseThrow().size()];
      for (int i = 0; i < bytes.length; i++) {
        bytes[i] = entry.bytes().orElseThrow().get(i).byteValue();
      }
      assertThat(new String(bytes, StandardCharsets.UTF_8)).isEqualTo(entry.token());
      text.append(entry.token());
    }
    assertThat(text.toString())
        .isEqualTo(completion.choices().getFirst().message().content().orElseThrow());
    assertThat(streamed.logprobs().get(0L)).isEqualTo(entries);
  }
}
