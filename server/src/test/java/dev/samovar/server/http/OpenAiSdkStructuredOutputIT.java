package dev.samovar.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.openai.core.JsonValue;
import com.openai.models.ResponseFormatJsonObject;
import com.openai.models.ResponseFormatJsonSchema;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import dev.samovar.server.api.Json;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Structured output through the official SDK: answers that follow a JSON schema, and JSON objects.
 */
@SuppressWarnings("deprecation") // the SDK marks seed deprecated; this server honours it
class OpenAiSdkStructuredOutputIT extends OpenAiSdkFixture {
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
}
