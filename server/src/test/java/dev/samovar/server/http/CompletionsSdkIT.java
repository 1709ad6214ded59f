package dev.samovar.server.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.openai.client.OpenAIClient;
import com.openai.core.JsonValue;
import com.openai.core.http.StreamResponse;
import com.openai.errors.BadRequestException;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import com.openai.models.completions.Completion;
import com.openai.models.completions.CompletionChoice;
import com.openai.models.completions.CompletionCreateParams;
import com.openai.models.completions.CompletionUsage;
import dev.samovar.models.tiny.TinyModel;
import dev.samovar.server.api.Json;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Legacy text completions and llama-server's tokenizer routes on the real engine, completions
 * called with the official SDK.
 */
@Timeout(120)
@SuppressWarnings("deprecation") // the SDK marks seed deprecated; this server honours it
class CompletionsSdkIT {
  private static final String PROMPT = "Привет, самовар! Сегодня";

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

  private static CompletionCreateParams.Builder params() {
    return CompletionCreateParams.builder().model(TinyModel.MODEL_ID).prompt(PROMPT);
  }

  @Test
  void completesATextPromptWithBosAnd16TokensByDefault() {
    Completion completion = client.completions().create(params().temperature(0).build());

    assertThat(completion.id()).startsWith("cmpl-");
    assertThat(completion.model()).isEqualTo("tiny");
    CompletionChoice choice = completion.choices().getFirst();
    assertThat(choice.text()).isNotBlank().doesNotContain("\uFFFD");
    assertThat(choice.finishReason()).isEqualTo(CompletionChoice.FinishReason.LENGTH);
    assertThat(choice.logprobs()).isEmpty();
    CompletionUsage usage = completion.usage().orElseThrow();
    int[] prompt = server.engine.tokenize(PROMPT, true, true);
    assertThat(prompt[0]).isEqualTo(server.engine.tokenize("<|begin_of_text|>", false, true)[0]);
    assertThat(usage.promptTokens()).isEqualTo(prompt.length);
    assertThat(usage.completionTokens()).isEqualTo(16);
  }

  @Test
  void completesTokenIdsLikeTheTextTheyCameFrom() {
    List<Long> ids =
        Arrays.stream(server.engine.tokenize(PROMPT, true, true))
            .mapToObj(id -> (long) id)
            .toList();

    Completion fromText = client.completions().create(params().temperature(0).maxTokens(8).build());
    Completion fromIds =
        client
            .completions()
            .create(
                params()
                    .prompt(CompletionCreateParams.Prompt.ofArrayOfTokens(ids))
                    .temperature(0)
                    .maxTokens(8)
                    .build());

    assertThat(fromIds.choices().getFirst().text()).isEqualTo(fromText.choices().getFirst().text());
    assertThat(fromIds.usage()).isEqualTo(fromText.usage());
  }

  @Test
  void streamsTheSameTextsForNSeededChoices() {
    CompletionCreateParams request =
        params().temperature(1.0).seed(42).n(2).maxTokens(20).stop(" ###").build();
    Completion whole = client.completions().create(request);

    Map<Long, StringBuilder> streamed = new TreeMap<>();
    List<CompletionUsage> usages = new ArrayList<>();
    try (StreamResponse<Completion> stream =
        client
            .completions()
            .createStreaming(
                request.toBuilder()
                    .streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build())
                    .build())) {
      stream.stream()
          .forEach(
              chunk -> {
                chunk.usage().ifPresent(usages::add);
                for (CompletionChoice choice : chunk.choices()) {
                  streamed
                      .computeIfAbsent(choice.index(), i -> new StringBuilder())
                      .append(choice.text());
                }
              });
    }

    assertThat(whole.choices()).hasSize(2);
    for (CompletionChoice choice : whole.choices()) {
      assertThat(streamed.get(choice.index()).toString()).isEqualTo(choice.text());
      String single =
          client
              .completions()
              .create(params().temperature(1.0).seed(42 + choice.index()).maxTokens(20).build())
              .choices()
              .getFirst()
              .text();
      assertThat(choice.text()).isEqualTo(single);
    }
    // The stream reuses the cache of the first request, so only the cached count differs.
    CompletionUsage expected = whole.usage().orElseThrow();
    assertThat(usages)
        .singleElement()
        .extracting(
            CompletionUsage::promptTokens,
            CompletionUsage::completionTokens,
            CompletionUsage::totalTokens)
        .containsExactly(
            expected.promptTokens(), expected.completionTokens(), expected.totalTokens());
  }

  @Test
  void reportsLegacyLogprobsWithTheGreedyTokenOnTop() {
    Completion completion =
        client.completions().create(params().temperature(0).maxTokens(8).logprobs(3).build());

    CompletionChoice choice = completion.choices().getFirst();
    CompletionChoice.Logprobs logprobs = choice.logprobs().orElseThrow();
    List<String> tokens = logprobs.tokens().orElseThrow();
    assertThat(tokens).hasSize(8);
    assertThat(String.join("", tokens)).isEqualTo(choice.text());
    List<Long> offsets = logprobs.textOffset().orElseThrow();
    List<Double> tokenLogprobs = logprobs.tokenLogprobs().orElseThrow();
    for (int i = 0; i < tokens.size(); i++) {
      assertThat(choice.text().substring(offsets.get(i).intValue())).startsWith(tokens.get(i));
      Map<String, JsonValue> top =
          logprobs.topLogprobs().orElseThrow().get(i)._additionalProperties();
      assertThat(top).hasSize(3);
      double best =
          top.values().stream()
              .mapToDouble(value -> value.convert(Double.class))
              .max()
              .orElseThrow();
      assertThat(tokenLogprobs.get(i)).isEqualTo(best);
      assertThat(top.get(tokens.get(i)).convert(Double.class)).isEqualTo(best);
    }
  }

  @Test
  void refusesEchoWithBadRequest() {
    assertThatThrownBy(() -> client.completions().create(params().echo(true).build()))
        .isInstanceOfSatisfying(
            BadRequestException.class, e -> assertThat(e.param()).contains("echo"));
  }

  @Test
  void tokenizesWithPiecesAndDetokenizesBack() throws Exception {
    String text = "Привет 🫖<|eot_id|>";

    JsonNode plain =
        Json.MAPPER.readTree(server.post("/tokenize", "{\"content\":\"" + text + "\"}").body());
    JsonNode pieces =
        Json.MAPPER.readTree(
            server
                .post(
                    "/tokenize",
                    "{\"content\":\"" + text + "\",\"with_pieces\":true,\"add_special\":true}")
                .body());

    int[] expected = server.engine.tokenize(text, false, true);
    assertThat(plain.get("tokens")).hasSize(expected.length);
    for (int i = 0; i < expected.length; i++) {
      assertThat(plain.at("/tokens/" + i).asInt()).isEqualTo(expected[i]);
    }
    StringBuilder joined = new StringBuilder();
    for (JsonNode token : pieces.get("tokens")) {
      assertThat(token.get("piece").isTextual()).as(token.toString()).isTrue();
      joined.append(token.get("piece").asText());
    }
    assertThat(joined.toString()).isEqualTo("<|begin_of_text|>" + text);
    HttpResponse<String> detokenized =
        server.post("/detokenize", "{\"tokens\":" + plain.get("tokens") + "}");
    assertThat(Json.MAPPER.readTree(detokenized.body()).get("content").asText()).isEqualTo(text);
    HttpResponse<String> outOfRange =
        server.post("/detokenize", "{\"tokens\":[" + server.engine.info().vocabSize() + "]}");
    assertThat(outOfRange.statusCode()).isEqualTo(400);
  }
}
