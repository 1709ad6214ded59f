package dev.samovar.server.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.openai.client.OpenAIClient;
import com.openai.core.JsonValue;
import com.openai.core.http.StreamResponse;
import com.openai.errors.BadRequestException;
import com.openai.errors.NotFoundException;
import com.openai.helpers.ResponseAccumulator;
import com.openai.models.responses.FunctionTool;
import com.openai.models.responses.Response;
import com.openai.models.responses.ResponseCreateParams;
import com.openai.models.responses.ResponseFormatTextJsonSchemaConfig;
import com.openai.models.responses.ResponseFunctionToolCall;
import com.openai.models.responses.ResponseIncludable;
import com.openai.models.responses.ResponseInputItem;
import com.openai.models.responses.ResponseOutputItem;
import com.openai.models.responses.ResponseOutputText;
import com.openai.models.responses.ResponseStatus;
import com.openai.models.responses.ResponseStreamEvent;
import com.openai.models.responses.ResponseTextConfig;
import com.openai.models.responses.ToolChoiceOptions;
import dev.samovar.models.tiny.TinyModel;
import dev.samovar.server.api.Json;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The Responses API from the real engine over the tiny model, called with the official SDK. */
@Timeout(180)
class ResponsesSdkIT {
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

  private static ResponseCreateParams.Builder ask() {
    return ResponseCreateParams.builder()
        .model(TinyModel.MODEL_ID)
        .instructions("Отвечай коротко.")
        .input("Привет! Как дела?")
        .temperature(0.0)
        .maxOutputTokens(12);
  }

  private static String text(Response response) {
    StringBuilder text = new StringBuilder();
    for (ResponseOutputItem item : response.output()) {
      item.message()
          .ifPresent(
              message ->
                  message.content().forEach(part -> text.append(part.asOutputText().text())));
    }
    return text.toString();
  }

  @Test
  void answersWithATextResponseAndExactUsage() {
    Response response = client.responses().create(ask().build());

    assertThat(response.id()).startsWith("resp_");
    assertThat(text(response)).isNotEmpty();
    assertThat(response.status()).contains(ResponseStatus.INCOMPLETE);
    assertThat(response.incompleteDetails().orElseThrow().reason().orElseThrow().asString())
        .isEqualTo("max_output_tokens");
    assertThat(response.usage().orElseThrow().outputTokens()).isEqualTo(12);
    assertThat(response.usage().orElseThrow().totalTokens())
        .isEqualTo(response.usage().orElseThrow().inputTokens() + 12);
    assertThat(client.responses().retrieve(response.id()).id()).isEqualTo(response.id());
  }

  @Test
  void logProbabilitiesComeWithTheTextWhenIncluded() {
    Response response =
        client
            .responses()
            .create(
                ask()
                    .addInclude(ResponseIncludable.MESSAGE_OUTPUT_TEXT_LOGPROBS)
                    .topLogprobs(2)
                    .build());

    List<ResponseOutputText.Logprob> logprobs =
        response
            .output()
            .getFirst()
            .message()
            .orElseThrow()
            .content()
            .getFirst()
            .asOutputText()
            .logprobs()
            .orElseThrow();
    assertThat(logprobs).hasSize(12);
    assertThat(String.join("", logprobs.stream().map(ResponseOutputText.Logprob::token).toList()))
        .isEqualTo(text(response));
    logprobs.forEach(
        entry -> {
          assertThat(entry.logprob()).isLessThanOrEqualTo(0);
          assertThat(entry.topLogprobs()).hasSize(2);
        });
  }

  @Test
  void aStreamHasTheSemanticEventsAndAccumulatesToTheSameResponse() {
    ResponseCreateParams request = ask().build();
    ResponseAccumulator accumulator = ResponseAccumulator.create();
    List<String> types = new ArrayList<>();
    try (StreamResponse<ResponseStreamEvent> stream = client.responses().createStreaming(request)) {
      stream.stream()
          .forEach(
              event -> {
                accumulator.accumulate(event);
                types.add(kind(event));
              });
    }
    Response streamed = accumulator.response();
    Response answered = client.responses().create(request);

    assertThat(types.subList(0, 4))
        .containsExactly(
            "response.created",
            "response.in_progress",
            "response.output_item.added",
            "response.content_part.added");
    assertThat(types).contains("response.output_text.delta", "response.output_text.done");
    assertThat(types.getLast()).isEqualTo("response.incomplete");
    assertThat(text(streamed)).isEqualTo(text(answered));
    assertThat(streamed.usage().orElseThrow().outputTokens())
        .isEqualTo(answered.usage().orElseThrow().outputTokens());
  }

  /** The type of the events this test looks for. */
  private static String kind(ResponseStreamEvent event) {
    if (event.isCreated()) {
      return "response.created";
    } else if (event.isInProgress()) {
      return "response.in_progress";
    } else if (event.isOutputItemAdded()) {
      return "response.output_item.added";
    } else if (event.isContentPartAdded()) {
      return "response.content_part.added";
    } else if (event.isOutputTextDelta()) {
      return "response.output_text.delta";
    } else if (event.isOutputTextDone()) {
      return "response.output_text.done";
    } else if (event.isIncomplete()) {
      return "response.incomplete";
    }
    return "other";
  }

  @Test
  void structuredOutputFollowsTheSchema() throws Exception {
    ResponseFormatTextJsonSchemaConfig.Schema.Builder schema =
        ResponseFormatTextJsonSchemaConfig.Schema.builder();
    Json.MAPPER
        .readTree(
            """
            {"type":"object",
             "properties":{"city":{"type":"string","enum":["Москва","Тула","Казань"]},
                           "cups":{"type":"integer","minimum":0,"maximum":9}},
             "required":["city","cups"],"additionalProperties":false}
            """)
        .properties()
        .forEach(
            f -> schema.putAdditionalProperty(f.getKey(), JsonValue.fromJsonNode(f.getValue())));
    Response response =
        client
            .responses()
            .create(
                ask()
                    .temperature(1.0)
                    .maxOutputTokens(100)
                    .text(
                        ResponseTextConfig.builder()
                            .format(
                                ResponseFormatTextJsonSchemaConfig.builder()
                                    .name("tea")
                                    .schema(schema.build())
                                    .build())
                            .build())
                    .build());

    assertThat(response.status()).contains(ResponseStatus.COMPLETED);
    JsonNode document = Json.MAPPER.readTree(text(response));
    assertThat(document.has("city")).as(text(response)).isTrue();
    assertThat(document.get("city").asText()).isIn(CITIES);
    assertThat(document.get("cups").asInt()).isBetween(0, 9);
  }

  @Test
  void aResponseContinuesThePreviousOneUntilItIsDeleted() {
    Response first = client.responses().create(ask().build());
    Response second =
        client
            .responses()
            .create(
                ResponseCreateParams.builder()
                    .model(TinyModel.MODEL_ID)
                    .input("А завтра?")
                    .previousResponseId(first.id())
                    .temperature(0.0)
                    .maxOutputTokens(4)
                    .build());

    assertThat(second.previousResponseId()).contains(first.id());
    Response alone =
        client
            .responses()
            .create(
                ResponseCreateParams.builder()
                    .model(TinyModel.MODEL_ID)
                    .input("А завтра?")
                    .temperature(0.0)
                    .maxOutputTokens(4)
                    .build());
    // The second prompt holds the first exchange, its answer included.
    assertThat(second.usage().orElseThrow().inputTokens())
        .isGreaterThan(
            alone.usage().orElseThrow().inputTokens() + first.usage().orElseThrow().outputTokens());

    client.responses().delete(first.id());
    assertThatThrownBy(() -> client.responses().retrieve(first.id()))
        .isInstanceOf(NotFoundException.class);
    assertThatThrownBy(
            () -> client.responses().create(ask().previousResponseId(first.id()).build()))
        .isInstanceOfSatisfying(
            BadRequestException.class, e -> assertThat(e.param()).contains("previous_response_id"));
  }

  @Test
  void functionCallsAreValidAndTheirOutputContinuesTheConversation() throws Exception {
    FunctionTool weather =
        FunctionTool.builder()
            .name("get_weather")
            .description("Погода в городе")
            .strict(true)
            .parameters(
                FunctionTool.Parameters.builder()
                    .putAdditionalProperty("type", JsonValue.from("object"))
                    .putAdditionalProperty(
                        "properties",
                        JsonValue.from(
                            Map.of(
                                "city", Map.of("type", "string", "enum", List.copyOf(CITIES)),
                                "days", Map.of("type", "integer", "minimum", 1, "maximum", 7))))
                    .putAdditionalProperty("required", JsonValue.from(List.of("city", "days")))
                    .build())
            .build();
    Response response =
        client
            .responses()
            .create(
                ask()
                    .temperature(1.0)
                    .maxOutputTokens(200)
                    .addTool(weather)
                    .parallelToolCalls(false)
                    .toolChoice(ToolChoiceOptions.REQUIRED)
                    .build());

    assertThat(response.status()).contains(ResponseStatus.COMPLETED);
    ResponseFunctionToolCall call = response.output().getFirst().functionCall().orElseThrow();
    assertThat(call.name()).isEqualTo("get_weather");
    assertThat(call.callId()).matches("call_[0-9a-f]{24}");
    JsonNode arguments = Json.MAPPER.readTree(call.arguments());
    assertThat(arguments.get("city").asText()).isIn(CITIES);
    assertThat(arguments.get("days").asInt()).isBetween(1, 7);

    Response next =
        client
            .responses()
            .create(
                ResponseCreateParams.builder()
                    .model(TinyModel.MODEL_ID)
                    .previousResponseId(response.id())
                    .inputOfResponse(
                        List.of(
                            ResponseInputItem.ofFunctionCallOutput(
                                ResponseInputItem.FunctionCallOutput.builder()
                                    .callId(call.callId())
                                    .output("+5 °C")
                                    .build())))
                    .addTool(weather)
                    .maxOutputTokens(5)
                    .build());
    assertThat(text(next)).isNotEmpty();
  }
}
