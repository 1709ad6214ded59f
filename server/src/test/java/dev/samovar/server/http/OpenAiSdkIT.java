package dev.samovar.server.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.openai.client.OpenAIClient;
import com.openai.core.JsonValue;
import com.openai.core.http.StreamResponse;
import com.openai.errors.BadRequestException;
import com.openai.errors.NotFoundException;
import com.openai.models.ResponseFormatJsonObject;
import com.openai.models.ResponseFormatJsonSchema;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import com.openai.models.chat.completions.ChatCompletionTokenLogprob;
import com.openai.models.completions.CompletionUsage;
import dev.samovar.engine.ChatMessage;
import dev.samovar.models.tiny.TinyModel;
import dev.samovar.server.api.Json;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Chat completions from the real engine over the tiny model, called with the official SDK. */
@Timeout(120)
@SuppressWarnings("deprecation") // the SDK marks seed deprecated; this server honours it
class OpenAiSdkIT {
  private static final String SYSTEM = "Отвечай коротко.";
  private static final String PROMPT = "Привет! Как дела?";
  private static final long SEED = 7;

  @TempDir static Path dir;
  private static TinyServer server;
  private static OpenAIClient client;

  @BeforeAll
  static void start() {
    server = TinyServer.start(dir, 2, 1024, ServerSettings.DEFAULTS);
    client = server.client(0);
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
  }

  private static ChatCompletionCreateParams.Builder params() {
    return ChatCompletionCreateParams.builder()
        .model(TinyModel.MODEL_ID)
        .addSystemMessage(SYSTEM)
        .addUserMessage(PROMPT);
  }

  private static String content(ChatCompletionCreateParams request) {
    return client
        .chat()
        .completions()
        .create(request)
        .choices()
        .getFirst()
        .message()
        .content()
        .orElseThrow();
  }

  /** The content of each choice, the usage chunks and the finish reasons of a stream. */
  private record Streamed(
      Map<Long, String> contents,
      Map<Long, List<ChatCompletionTokenLogprob>> logprobs,
      List<ChatCompletionChunk.Choice.FinishReason> finishReasons,
      List<CompletionUsage> usages) {}

  private static Streamed stream(ChatCompletionCreateParams request) {
    Map<Long, StringBuilder> contents = new TreeMap<>();
    Map<Long, List<ChatCompletionTokenLogprob>> logprobs = new TreeMap<>();
    List<ChatCompletionChunk.Choice.FinishReason> finishReasons = new ArrayList<>();
    List<CompletionUsage> usages = new ArrayList<>();
    try (StreamResponse<ChatCompletionChunk> stream =
        client.chat().completions().createStreaming(request)) {
      stream.stream()
          .forEach(
              chunk -> {
                chunk.usage().ifPresent(usages::add);
                for (ChatCompletionChunk.Choice choice : chunk.choices()) {
                  String text = choice.delta().content().orElse("");
                  assertThat(text).doesNotContain("\uFFFD");
                  contents.computeIfAbsent(choice.index(), i -> new StringBuilder()).append(text);
                  choice
                      .logprobs()
                      .flatMap(ChatCompletionChunk.Choice.Logprobs::content)
                      .ifPresent(
                          entries ->
                              logprobs
                                  .computeIfAbsent(choice.index(), i -> new ArrayList<>())
                                  .addAll(entries));
                  choice.finishReason().ifPresent(finishReasons::add);
                }
              });
    }
    Map<Long, String> texts = new TreeMap<>();
    contents.forEach((index, text) -> texts.put(index, text.toString()));
    return new Streamed(texts, logprobs, finishReasons, usages);
  }

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

  private static long promptTokens(String system, String user) {
    return server.tokens(
        server.engine.renderChat(
            List.of(new ChatMessage("system", system), new ChatMessage("user", user))));
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
  void answersTwentySeededJsonSchemaRequestsWithValidDocuments() throws Exception {
    String schema =
        """
        {"type":"object",
         "properties":{"city":{"type":"string","enum":["Москва","Тула","Казань"]},
                       "cups":{"type":"integer","minimum":0,"maximum":99},
                       "hot":{"type":"boolean"},
                       "note":{"type":"string","maxLength":12}},
         "required":["city","cups","hot","note"],"additionalProperties":false}
        """;
    ResponseFormatJsonSchema.JsonSchema.Schema.Builder schemaBuilder =
        ResponseFormatJsonSchema.JsonSchema.Schema.builder();
    Json.MAPPER
        .readTree(schema)
        .properties()
        .forEach(
            field ->
                schemaBuilder.putAdditionalProperty(
                    field.getKey(), JsonValue.fromJsonNode(field.getValue())));
    ResponseFormatJsonSchema format =
        ResponseFormatJsonSchema.builder()
            .jsonSchema(
                ResponseFormatJsonSchema.JsonSchema.builder()
                    .name("tea")
                    .strict(true)
                    .schema(schemaBuilder.build())
                    .build())
            .build();

    for (int seed = 0; seed < 20; seed++) {
      ChatCompletion completion =
          client
              .chat()
              .completions()
              .create(
                  params()
                      .temperature(1.0)
                      .seed(seed)
                      .maxCompletionTokens(300)
                      .responseFormat(format)
                      .build());

      String content = completion.choices().getFirst().message().content().orElseThrow();
      assertThat(completion.choices().getFirst().finishReason())
          .as(content)
          .isEqualTo(ChatCompletion.Choice.FinishReason.STOP);
      JsonNode document = Json.MAPPER.readTree(content);
      assertThat(document.properties())
          .extracting(Map.Entry::getKey)
          .as(content)
          .containsExactlyInAnyOrder("city", "cups", "hot", "note");
      assertThat(document.get("city").asText()).as(content).isIn("Москва", "Тула", "Казань");
      assertThat(document.get("cups").isIntegralNumber()).as(content).isTrue();
      assertThat(document.get("cups").asInt()).as(content).isBetween(0, 99);
      assertThat(document.get("hot").isBoolean()).as(content).isTrue();
      assertThat(document.get("note").isTextual()).as(content).isTrue();
      String note = document.get("note").asText();
      assertThat(note.codePointCount(0, note.length())).as(content).isLessThanOrEqualTo(12);
    }
  }

  @Test
  void answersJsonObjectRequestsWithObjects() throws Exception {
    // An object has no size limit; a bias towards "}" lets the tiny model close it early.
    int close = server.engine.tokenize("}", false, false)[0];
    for (int seed = 0; seed < 5; seed++) {
      ChatCompletion completion =
          client
              .chat()
              .completions()
              .create(
                  params()
                      .temperature(1.0)
                      .seed(seed)
                      .maxCompletionTokens(300)
                      .logitBias(
                          ChatCompletionCreateParams.LogitBias.builder()
                              .putAdditionalProperty(String.valueOf(close), JsonValue.from(15))
                              .build())
                      .responseFormat(ResponseFormatJsonObject.builder().build())
                      .build());

      String content = completion.choices().getFirst().message().content().orElseThrow();
      assertThat(completion.choices().getFirst().finishReason())
          .as(content)
          .isEqualTo(ChatCompletion.Choice.FinishReason.STOP);
      assertThat(Json.MAPPER.readTree(content).isObject()).as(content).isTrue();
    }
  }

  @Test
  void raisesBadRequestForAnOutOfRangeTemperature() {
    assertThatThrownBy(() -> client.chat().completions().create(params().temperature(2.5).build()))
        .isInstanceOfSatisfying(
            BadRequestException.class,
            e -> {
              assertThat(e.statusCode()).isEqualTo(400);
              assertThat(e.param()).contains("temperature");
              assertThat(e.type()).contains("invalid_request_error");
            });
  }

  @Test
  void raisesBadRequestForWhatTheEngineCannotRun() {
    ResponseFormatJsonSchema patterned =
        ResponseFormatJsonSchema.builder()
            .jsonSchema(
                ResponseFormatJsonSchema.JsonSchema.builder()
                    .name("patterned")
                    .schema(
                        ResponseFormatJsonSchema.JsonSchema.Schema.builder()
                            .putAdditionalProperty("type", JsonValue.from("string"))
                            .putAdditionalProperty("pattern", JsonValue.from("^[a-z]+$"))
                            .build())
                    .build())
            .build();
    ChatCompletionCreateParams.LogitBias outside =
        ChatCompletionCreateParams.LogitBias.builder()
            .putAdditionalProperty(
                String.valueOf(server.engine.info().vocabSize()), JsonValue.from(1))
            .build();

    assertThatThrownBy(
            () -> client.chat().completions().create(params().responseFormat(patterned).build()))
        .isInstanceOfSatisfying(
            BadRequestException.class, e -> assertThat(e.param()).contains("response_format"));
    assertThatThrownBy(
            () -> client.chat().completions().create(params().logitBias(outside).build()))
        .isInstanceOfSatisfying(
            BadRequestException.class, e -> assertThat(e.param()).contains("logit_bias"));
    assertThatThrownBy(
            () ->
                client
                    .chat()
                    .completions()
                    .create(params().addUserMessage("чай ".repeat(1100)).build()))
        .isInstanceOfSatisfying(
            BadRequestException.class,
            e -> {
              assertThat(e.code()).contains("context_length_exceeded");
              assertThat(e.param()).contains("messages");
            });
  }

  @Test
  void raisesNotFoundForAnUnknownModel() {
    assertThatThrownBy(() -> client.chat().completions().create(params().model("gpt-4o").build()))
        .isInstanceOfSatisfying(
            NotFoundException.class,
            e -> {
              assertThat(e.statusCode()).isEqualTo(404);
              assertThat(e.code()).contains("model_not_found");
            });
    assertThatThrownBy(() -> client.models().retrieve("/etc/passwd"))
        .isInstanceOf(NotFoundException.class);
  }

  @Test
  void listsAndRetrievesTheServedModels() {
    assertThat(client.models().list().data())
        .extracting(com.openai.models.models.Model::id)
        .containsExactly("tiny", TinyServer.ALIAS);
    assertThat(client.models().retrieve(TinyServer.ALIAS).id()).isEqualTo(TinyServer.ALIAS);
  }
}
