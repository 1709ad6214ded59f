package dev.samovar.server.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.openai.client.OpenAIClient;
import com.openai.core.JsonValue;
import com.openai.core.http.StreamResponse;
import com.openai.errors.BadRequestException;
import com.openai.helpers.ChatCompletionAccumulator;
import com.openai.models.FunctionDefinition;
import com.openai.models.FunctionParameters;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionFunctionTool;
import com.openai.models.chat.completions.ChatCompletionMessage;
import com.openai.models.chat.completions.ChatCompletionMessageFunctionToolCall;
import com.openai.models.chat.completions.ChatCompletionMessageToolCall;
import com.openai.models.chat.completions.ChatCompletionNamedToolChoice;
import com.openai.models.chat.completions.ChatCompletionToolChoiceOption;
import com.openai.models.chat.completions.ChatCompletionToolMessageParam;
import dev.samovar.models.tiny.TinyModel;
import dev.samovar.server.api.Json;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Tool calling from the real engine over the tiny model, called with the official OpenAI SDK. */
@Timeout(180)
@SuppressWarnings("deprecation") // the SDK marks seed deprecated; this server honours it
class ToolCallingSdkIT {
  private static final Set<String> CITIES = Set.of("Москва", "Тула", "Казань");

  @TempDir static Path dir;
  private static TinyServer server;
  private static OpenAIClient client;

  @BeforeAll
  static void start() {
    server = TinyServer.start(dir, 2, 2048, ServerSettings.DEFAULTS);
    client = server.client(0);
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
  }

  private static ChatCompletionFunctionTool weather() {
    return ChatCompletionFunctionTool.builder()
        .function(
            FunctionDefinition.builder()
                .name("get_weather")
                .description("Погода в городе на несколько дней")
                .parameters(
                    FunctionParameters.builder()
                        .putAdditionalProperty("type", JsonValue.from("object"))
                        .putAdditionalProperty(
                            "properties",
                            JsonValue.from(
                                java.util.Map.of(
                                    "city",
                                    java.util.Map.of("type", "string", "enum", List.copyOf(CITIES)),
                                    "days",
                                    java.util.Map.of(
                                        "type", "integer", "minimum", 1, "maximum", 7))))
                        .putAdditionalProperty("required", JsonValue.from(List.of("city", "days")))
                        .build())
                .build())
        .build();
  }

  private static ChatCompletionFunctionTool time() {
    return ChatCompletionFunctionTool.builder()
        .function(FunctionDefinition.builder().name("get_time").build())
        .build();
  }

  private static ChatCompletionCreateParams.Builder ask(long seed) {
    return ChatCompletionCreateParams.builder()
        .model(TinyModel.MODEL_ID)
        .addUserMessage("Какая погода в Туле на три дня?")
        .addTool(weather())
        .addTool(time())
        .parallelToolCalls(false)
        .temperature(1.0)
        .seed(seed)
        .maxCompletionTokens(200);
  }

  @Test
  void parallelCallsAreAListOfValidCalls() throws Exception {
    // A list of calls has no length limit; a bias towards "]" lets the tiny model end it.
    int close = server.engine.tokenize("]", false, false)[0];
    for (long seed = 0; seed < 4; seed++) {
      ChatCompletion.Choice choice =
          client
              .chat()
              .completions()
              .create(
                  ask(seed)
                      .parallelToolCalls(true)
                      .toolChoice(ChatCompletionToolChoiceOption.Auto.REQUIRED)
                      .logitBias(
                          ChatCompletionCreateParams.LogitBias.builder()
                              .putAdditionalProperty(String.valueOf(close), JsonValue.from(10))
                              .build())
                      .build())
              .choices()
              .getFirst();

      assertThat(choice.finishReason()).isEqualTo(ChatCompletion.Choice.FinishReason.TOOL_CALLS);
      List<ChatCompletionMessageToolCall> calls = choice.message().toolCalls().orElseThrow();
      calls.forEach(call -> checkCall(call.asFunction()));
      assertThat(calls.stream().map(call -> call.asFunction().id()).distinct())
          .hasSameSizeAs(calls);
    }
  }

  @Test
  void requiredToolCallsAreValidCallsOfTheOfferedFunctions() throws Exception {
    int weatherCalls = 0;
    for (long seed = 0; seed < 8; seed++) {
      ChatCompletion completion =
          client
              .chat()
              .completions()
              .create(ask(seed).toolChoice(ChatCompletionToolChoiceOption.Auto.REQUIRED).build());

      ChatCompletion.Choice choice = completion.choices().getFirst();
      assertThat(choice.finishReason()).isEqualTo(ChatCompletion.Choice.FinishReason.TOOL_CALLS);
      assertThat(choice.message().content()).isEmpty();
      List<ChatCompletionMessageToolCall> calls = choice.message().toolCalls().orElseThrow();
      assertThat(calls).hasSize(1);
      for (ChatCompletionMessageToolCall call : calls) {
        weatherCalls += checkCall(call.asFunction());
      }
    }
    assertThat(weatherCalls).as("calls of get_weather among 8 answers").isPositive();
  }

  @Test
  void aNamedFunctionIsCalledOnce() throws Exception {
    for (long seed = 0; seed < 4; seed++) {
      ChatCompletion completion =
          client
              .chat()
              .completions()
              .create(
                  ask(seed)
                      .toolChoice(
                          ChatCompletionNamedToolChoice.builder()
                              .function(
                                  ChatCompletionNamedToolChoice.Function.builder()
                                      .name("get_weather")
                                      .build())
                              .build())
                      .build());

      List<ChatCompletionMessageToolCall> calls =
          completion.choices().getFirst().message().toolCalls().orElseThrow();
      assertThat(calls).hasSize(1);
      assertThat(checkCall(calls.getFirst().asFunction())).isOne();
    }
  }

  @Test
  void underAutoTheAnswerIsTextOrValidCalls() throws Exception {
    for (long seed = 0; seed < 4; seed++) {
      ChatCompletion.Choice choice =
          client
              .chat()
              .completions()
              .create(ask(seed).maxCompletionTokens(40).build())
              .choices()
              .getFirst();

      if (choice.message().toolCalls().isPresent()) {
        assertThat(choice.finishReason()).isEqualTo(ChatCompletion.Choice.FinishReason.TOOL_CALLS);
        choice.message().toolCalls().get().forEach(call -> checkCall(call.asFunction()));
      } else {
        assertThat(choice.message().content().orElseThrow()).isNotEmpty().doesNotStartWith("{");
      }
    }
  }

  @Test
  void aStreamedCallAccumulatesToTheSameCallAsAnAnswer() throws Exception {
    ChatCompletionCreateParams request =
        ask(3).toolChoice(ChatCompletionToolChoiceOption.Auto.REQUIRED).build();
    ChatCompletionAccumulator accumulator = ChatCompletionAccumulator.create();
    try (StreamResponse<ChatCompletionChunk> stream =
        client.chat().completions().createStreaming(request)) {
      stream.stream().forEach(accumulator::accumulate);
    }
    ChatCompletion streamed = accumulator.chatCompletion();
    ChatCompletion answered = client.chat().completions().create(request);

    ChatCompletion.Choice choice = streamed.choices().getFirst();
    assertThat(choice.finishReason()).isEqualTo(ChatCompletion.Choice.FinishReason.TOOL_CALLS);
    List<ChatCompletionMessageToolCall> calls = choice.message().toolCalls().orElseThrow();
    calls.forEach(call -> checkCall(call.asFunction()));
    assertThat(calls.stream().map(call -> call.asFunction().function()).toList())
        .isEqualTo(
            answered.choices().getFirst().message().toolCalls().orElseThrow().stream()
                .map(call -> call.asFunction().function())
                .toList());
  }

  @Test
  void aConversationContinuesWithTheToolsResult() {
    ChatCompletionMessage assistant =
        client
            .chat()
            .completions()
            .create(ask(5).toolChoice(ChatCompletionToolChoiceOption.Auto.REQUIRED).build())
            .choices()
            .getFirst()
            .message();
    ChatCompletionCreateParams.Builder next = ask(5).addMessage(assistant);
    for (ChatCompletionMessageToolCall call : assistant.toolCalls().orElseThrow()) {
      next.addMessage(
          ChatCompletionToolMessageParam.builder()
              .toolCallId(call.asFunction().id())
              .content("+5 °C, дождь")
              .build());
    }

    ChatCompletion answer =
        client
            .chat()
            .completions()
            .create(
                next.toolChoice(ChatCompletionToolChoiceOption.Auto.NONE)
                    .maxCompletionTokens(10)
                    .build());

    assertThat(answer.choices().getFirst().message().content().orElseThrow()).isNotEmpty();
    assertThat(answer.usage().orElseThrow().promptTokens()).isGreaterThan(20);
  }

  @Test
  void aResultForAnUnknownCallIsRejected() {
    ChatCompletionCreateParams request =
        ask(1)
            .addMessage(
                ChatCompletionToolMessageParam.builder().toolCallId("call_x").content("?").build())
            .build();

    assertThatThrownBy(() -> client.chat().completions().create(request))
        .isInstanceOfSatisfying(
            BadRequestException.class,
            e -> assertThat(e.param()).contains("messages[1].tool_call_id"));
  }

  /** Checks a call's function and arguments; 1 for a weather call, 0 for a time call. */
  private static int checkCall(ChatCompletionMessageFunctionToolCall call) {
    assertThat(call.id()).matches("call_[0-9a-f]{24}");
    String arguments = call.function().arguments();
    JsonNode parsed;
    try {
      parsed = Json.MAPPER.readTree(arguments);
    } catch (Exception e) {
      throw new AssertionError("arguments are not JSON: " + arguments, e);
    }
    if (call.function().name().equals("get_time")) {
      assertThat(parsed.size()).as(arguments).isZero();
      return 0;
    }
    assertThat(call.function().name()).isEqualTo("get_weather");
    assertThat(parsed.get("city").asText()).as(arguments).isIn(CITIES);
    assertThat(parsed.get("days").isIntegralNumber()).as(arguments).isTrue();
    assertThat(parsed.get("days").asInt()).as(arguments).isBetween(1, 7);
    return 1;
  }
}
