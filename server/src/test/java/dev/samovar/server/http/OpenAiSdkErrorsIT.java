package dev.samovar.server.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.openai.core.JsonValue;
import com.openai.errors.BadRequestException;
import com.openai.errors.NotFoundException;
import com.openai.models.ResponseFormatJsonSchema;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import org.junit.jupiter.api.Test;

/**
 * The errors the official SDK raises for what the server refuses: bad requests and unknown models.
 */
class OpenAiSdkErrorsIT extends OpenAiSdkFixture {
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
}
