package dev.samovar.server.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.http.StreamResponse;
import com.openai.errors.BadRequestException;
import com.openai.errors.NotFoundException;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import com.openai.models.completions.CompletionUsage;
import dev.samovar.engine.ChatMessage;
import dev.samovar.engine.EngineConfig;
import dev.samovar.engine.InferenceEngine;
import dev.samovar.engine.Prompt;
import dev.samovar.engine.llama.LlamaEngine;
import dev.samovar.models.tiny.TinyModel;
import io.javalin.Javalin;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The real engine over the tiny model behind the real server, called with the official SDK. */
@Timeout(120)
@SuppressWarnings("deprecation") // the SDK marks seed deprecated; this server honours it
class OpenAiSdkIT {
  private static final String PROMPT = "Привет! Как дела?";
  private static final long SEED = 7;

  @TempDir static Path dir;
  private static InferenceEngine engine;
  private static Javalin app;
  private static OpenAIClient client;

  @BeforeAll
  static void start() {
    Path file = dir.resolve("tiny.gguf");
    TinyModel.write(file);
    // One decoding thread: ggml's spinning workers cost more than they gain on a small machine.
    engine = LlamaEngine.load(new EngineConfig(file, TinyModel.MODEL_ID, 1024, 2, 1, 512));
    ServedModel model = new ServedModel(TinyModel.MODEL_ID, List.of("tiny-alias"));
    model.ready(engine);
    app = OpenAiServer.create(model, ServerSettings.DEFAULTS).start("127.0.0.1", 0);
    client =
        OpenAIOkHttpClient.builder()
            .baseUrl("http://127.0.0.1:" + app.port() + "/v1")
            .apiKey("not-checked")
            .maxRetries(0)
            .build();
  }

  @AfterAll
  static void stop() {
    if (client != null) {
      client.close();
    }
    if (app != null) {
      app.stop();
    }
    if (engine != null) {
      engine.close();
    }
  }

  private static ChatCompletionCreateParams.Builder params() {
    return ChatCompletionCreateParams.builder()
        .model(TinyModel.MODEL_ID)
        .addSystemMessage("Отвечай коротко.")
        .addUserMessage(PROMPT);
  }

  /** The engine's count of the rendered prompt: each segment tokenized as the engine does it. */
  private static long renderedPromptTokens() {
    Prompt prompt =
        engine.renderChat(
            List.of(
                new ChatMessage("system", "Отвечай коротко."), new ChatMessage("user", PROMPT)));
    long tokens = 0;
    for (Prompt.Segment segment : prompt.segments()) {
      tokens += engine.tokenize(segment.text(), false, segment.special()).length;
    }
    return tokens;
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
    CompletionUsage usage = completion.usage().orElseThrow();
    assertThat(usage.promptTokens()).isEqualTo(renderedPromptTokens());
    assertThat(usage.completionTokens()).isPositive();
    assertThat(usage.totalTokens()).isEqualTo(usage.promptTokens() + usage.completionTokens());
  }

  @Test
  void streamsTheSameTextWithUsageWhenAsked() {
    ChatCompletion whole =
        client.chat().completions().create(params().temperature(0.8).seed(SEED).build());
    ChatCompletionCreateParams request =
        params()
            .temperature(0.8)
            .seed(SEED)
            .streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build())
            .build();

    StringBuilder text = new StringBuilder();
    List<ChatCompletionChunk.Choice.FinishReason> finishReasons = new ArrayList<>();
    List<CompletionUsage> usages = new ArrayList<>();
    try (StreamResponse<ChatCompletionChunk> stream =
        client.chat().completions().createStreaming(request)) {
      stream.stream()
          .forEach(
              chunk -> {
                chunk.usage().ifPresent(usages::add);
                for (ChatCompletionChunk.Choice choice : chunk.choices()) {
                  choice.delta().content().ifPresent(text::append);
                  choice.finishReason().ifPresent(finishReasons::add);
                }
              });
    }

    assertThat(text.toString())
        .isNotEmpty()
        .isEqualTo(whole.choices().getFirst().message().content().orElseThrow());
    assertThat(finishReasons).containsExactly(ChatCompletionChunk.Choice.FinishReason.STOP);
    assertThat(usages).containsExactly(whole.usage().orElseThrow());
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

    String first =
        client
            .chat()
            .completions()
            .create(request)
            .choices()
            .getFirst()
            .message()
            .content()
            .orElseThrow();
    String second =
        client
            .chat()
            .completions()
            .create(request)
            .choices()
            .getFirst()
            .message()
            .content()
            .orElseThrow();

    assertThat(first).isNotEmpty().isEqualTo(second);
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
  void raisesNotFoundForAnUnknownModel() {
    assertThatThrownBy(() -> client.chat().completions().create(params().model("gpt-4o").build()))
        .isInstanceOfSatisfying(
            NotFoundException.class,
            e -> {
              assertThat(e.statusCode()).isEqualTo(404);
              assertThat(e.code()).contains("model_not_found");
            });
  }

  @Test
  void listsTheServedModels() {
    assertThat(client.models().list().data())
        .extracting(com.openai.models.models.Model::id)
        .containsExactly("tiny", "tiny-alias");
  }
}
