package dev.samovar.server.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.anthropic.core.JsonValue;
import com.anthropic.core.http.StreamResponse;
import com.anthropic.errors.BadRequestException;
import com.anthropic.helpers.MessageAccumulator;
import com.anthropic.models.messages.ContentBlock;
import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.MessageCountTokensParams;
import com.anthropic.models.messages.MessageCreateParams;
import com.anthropic.models.messages.RawMessageStreamEvent;
import com.anthropic.models.messages.StopReason;
import com.anthropic.models.messages.Tool;
import com.anthropic.models.messages.ToolChoiceAny;
import com.anthropic.models.messages.ToolUseBlock;
import dev.samovar.models.tiny.TinyModel;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Anthropic's Messages API from the real engine over the tiny model, with the official SDK. */
@Timeout(180)
class AnthropicSdkIT {
  private static final Set<String> CITIES = Set.of("Москва", "Тула", "Казань");

  @TempDir static Path dir;
  private static TinyServer server;
  private static AnthropicClient client;

  @BeforeAll
  static void start() {
    server = TinyServer.start(dir, 2, 2048, ServerSettings.DEFAULTS);
    client =
        AnthropicOkHttpClient.builder()
            .baseUrl("http://127.0.0.1:" + server.port())
            .apiKey("unused")
            .maxRetries(0)
            .build();
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
  }

  private static MessageCreateParams.Builder ask() {
    return MessageCreateParams.builder()
        .model(TinyModel.MODEL_ID)
        .maxTokens(12)
        .system("Отвечай коротко.")
        .addUserMessage("Привет! Как дела?");
  }

  @Test
  void answersWithATextMessage() {
    Message message = client.messages().create(ask().build());

    assertThat(message.id()).startsWith("msg_");
    assertThat(message.content()).hasSize(1);
    assertThat(message.content().getFirst().text().orElseThrow().text()).isNotEmpty();
    assertThat(message.stopReason()).isPresent();
    assertThat(message.stopReason().get()).isIn(StopReason.MAX_TOKENS, StopReason.END_TURN);
    assertThat(message.usage().inputTokens())
        .isEqualTo(
            client
                .messages()
                .countTokens(
                    MessageCountTokensParams.builder()
                        .model(TinyModel.MODEL_ID)
                        .system("Отвечай коротко.")
                        .addUserMessage("Привет! Как дела?")
                        .build())
                .inputTokens());
    assertThat(message.usage().outputTokens()).isBetween(1L, 12L);
  }

  @Test
  void aStopSequenceEndsTheTurnAndIsReported() {
    String text =
        client
            .messages()
            .create(ask().putAdditionalBodyProperty("temperature", JsonValue.from(0.0)).build())
            .content()
            .getFirst()
            .text()
            .orElseThrow()
            .text();
    String stop = text.substring(2, 4);

    Message stopped =
        client
            .messages()
            .create(
                ask()
                    .putAdditionalBodyProperty("temperature", JsonValue.from(0.0))
                    .stopSequences(List.of("никогда", stop))
                    .build());

    assertThat(stopped.stopReason()).contains(StopReason.STOP_SEQUENCE);
    assertThat(stopped.stopSequence()).contains(stop);
    assertThat(stopped.content().getFirst().text().orElseThrow().text())
        .isEqualTo(text.substring(0, text.indexOf(stop)));
  }

  @Test
  void aStreamAccumulatesToTheSameMessage() {
    MessageCreateParams request =
        ask().putAdditionalBodyProperty("temperature", JsonValue.from(0.0)).build();
    MessageAccumulator accumulator = MessageAccumulator.create();
    try (StreamResponse<RawMessageStreamEvent> stream =
        client.messages().createStreaming(request)) {
      stream.stream().forEach(accumulator::accumulate);
    }
    Message streamed = accumulator.message();
    Message answered = client.messages().create(request);

    assertThat(streamed.content().getFirst().text().orElseThrow().text())
        .isEqualTo(answered.content().getFirst().text().orElseThrow().text());
    assertThat(streamed.stopReason()).isEqualTo(answered.stopReason());
    assertThat(streamed.usage().outputTokens()).isEqualTo(answered.usage().outputTokens());
  }

  @Test
  void toolUseIsAValidCallAndTheConversationGoesOn() {
    Tool weather =
        Tool.builder()
            .name("get_weather")
            .description("Погода в городе")
            .inputSchema(
                Tool.InputSchema.builder()
                    .putAdditionalProperty(
                        "properties",
                        JsonValue.from(
                            Map.of(
                                "city",
                                Map.of("type", "string", "enum", List.copyOf(CITIES)),
                                "days",
                                Map.of("type", "integer", "minimum", 1, "maximum", 7))))
                    .required(List.of("city", "days"))
                    .build())
            .build();
    for (long seed = 0; seed < 3; seed++) {
      MessageCreateParams.Builder request =
          ask()
              .maxTokens(200)
              .putAdditionalBodyProperty("temperature", JsonValue.from(1.0))
              .addTool(weather)
              .toolChoice(ToolChoiceAny.builder().disableParallelToolUse(true).build());
      Message message = client.messages().create(request.build());

      assertThat(message.stopReason()).contains(StopReason.TOOL_USE);
      ToolUseBlock call = message.content().getFirst().toolUse().orElseThrow();
      assertThat(call.id()).matches("toolu_[0-9a-f]{24}");
      assertThat(call.name()).isEqualTo("get_weather");
      @SuppressWarnings("unchecked")
      Map<String, Object> input = call._input().convert(Map.class);
      assertThat(input.get("city")).isIn(CITIES.toArray());
      assertThat(((Number) input.get("days")).intValue()).isBetween(1, 7);

      Message next =
          client
              .messages()
              .create(
                  ask()
                      .addTool(weather)
                      .addMessage(message)
                      .addUserMessageOfContentBlockParams(
                          List.of(
                              com.anthropic.models.messages.ContentBlockParam.ofToolResult(
                                  com.anthropic.models.messages.ToolResultBlockParam.builder()
                                      .toolUseId(call.id())
                                      .content("+5 °C")
                                      .build())))
                      .build());
      assertThat(next.content()).extracting(ContentBlock::isText).contains(true);
    }
  }

  @Test
  void badRequestsGetAnthropicErrors() {
    assertThatThrownBy(
            () ->
                client
                    .messages()
                    .create(
                        ask()
                            .putAdditionalBodyProperty("temperature", JsonValue.from(1.5))
                            .build()))
        .isInstanceOfSatisfying(
            BadRequestException.class,
            e -> {
              assertThat(e.statusCode()).isEqualTo(400);
              assertThat(e.getMessage()).contains("invalid_request_error").contains("temperature");
            });
  }
}
