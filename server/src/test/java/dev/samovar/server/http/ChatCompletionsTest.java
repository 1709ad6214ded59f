package dev.samovar.server.http;

import static dev.samovar.server.http.TestServer.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.samovar.engine.FinishReason;
import dev.samovar.engine.GenerationRequest;
import dev.samovar.engine.Prompt;
import dev.samovar.engine.SamplingParams;
import dev.samovar.server.api.Json;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ChatCompletionsTest {
  private static final String HI =
      "{\"model\":\"fake\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]";

  private final TestServer server = TestServer.ready();

  @AfterEach
  void close() {
    server.close();
  }

  private static SamplingParams sampling(double temperature, double topP, Long seed) {
    return SamplingParams.of(temperature, topP, seed);
  }

  @Test
  void answersWithTheExactChatCompletionObject() throws Exception {
    long before = Instant.now().getEpochSecond();
    HttpResponse<String> response = server.post("/v1/chat/completions", HI + "}");
    long after = Instant.now().getEpochSecond();

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
    JsonNode body = json(response);
    assertThat(body.get("id").asText()).matches("chatcmpl-[0-9a-f]{32}");
    assertThat(body.get("created").asLong()).isBetween(before, after);
    // "<user>Hi<assistant>" is 19 fake tokens; four deltas, the empty one included.
    ObjectNode expected =
        (ObjectNode)
            Json.MAPPER.readTree(
                """
                {"id":"","object":"chat.completion","created":0,"model":"fake",
                 "choices":[{"index":0,"message":{"role":"assistant","content":"Hello wörld"},
                             "logprobs":null,"finish_reason":"stop"}],
                 "usage":{"prompt_tokens":19,"completion_tokens":4,"total_tokens":23,
                          "prompt_tokens_details":{"cached_tokens":2}}}
                """);
    expected.set("id", body.get("id"));
    expected.set("created", body.get("created"));
    assertThat(body).isEqualTo(expected);
    assertThat(server.engine.lastRequest().id()).isEqualTo(body.get("id").asText());
  }

  @Test
  void reportsLengthWhenTheEngineStopsAtALimit() throws Exception {
    server.engine.script(FakeEngine.Script.reply(FinishReason.LENGTH, "a", "b"));

    JsonNode body = json(server.post("/v1/chat/completions", HI + ",\"max_tokens\":2}"));

    assertThat(body.at("/choices/0/finish_reason").asText()).isEqualTo("length");
    assertThat(body.at("/choices/0/message/content").asText()).isEqualTo("ab");
    assertThat(body.at("/usage/completion_tokens").asInt()).isEqualTo(2);
  }

  @Test
  void appliesServerDefaultsToMissingFields() throws Exception {
    assertThat(server.post("/v1/chat/completions", HI + "}").statusCode()).isEqualTo(200);

    GenerationRequest request = server.engine.lastRequest();
    assertThat(request.sampling()).isEqualTo(sampling(0.6, 0.9, null));
    assertThat(request.maxTokens()).isNull();
    assertThat(request.stop()).isEmpty();
    assertThat(request.ignoreEos()).isFalse();
    assertThat(request.topLogprobs()).isNull();
    assertThat(request.jsonSchema()).isNull();
  }

  @Test
  void appliesConfiguredDefaults() throws Exception {
    ServerSettings settings =
        new ServerSettings(1.25, 0.5, Duration.ofSeconds(10), Duration.ofSeconds(60), 4, 64);
    try (TestServer custom = TestServer.ready(settings)) {
      assertThat(custom.post("/v1/chat/completions", HI + ",\"top_p\":0.8}").statusCode())
          .isEqualTo(200);

      assertThat(custom.engine.lastRequest().sampling()).isEqualTo(sampling(1.25, 0.8, null));
    }
  }

  @Test
  void passesExplicitValuesThroughAndKeepsTemperatureZero() throws Exception {
    String body =
        HI + ",\"temperature\":0,\"top_p\":0.5,\"seed\":-42,\"max_tokens\":7,\"stop\":\"END\"}";

    assertThat(server.post("/v1/chat/completions", body).statusCode()).isEqualTo(200);

    GenerationRequest request = server.engine.lastRequest();
    assertThat(request.sampling()).isEqualTo(sampling(0, 0.5, -42L));
    assertThat(request.maxTokens()).isEqualTo(7);
    assertThat(request.stop()).containsExactly("END");
  }

  @Test
  void passesEverySamplingStageAndExtensionThrough() throws Exception {
    String body =
        HI
            + ",\"temperature\":0.7,\"top_p\":0.95,\"top_k\":40,\"min_p\":0.05,"
            + "\"repeat_penalty\":1.1,\"frequency_penalty\":0.5,\"presence_penalty\":-0.25,"
            + "\"logit_bias\":{\"15\":-100,\"42\":2.5},\"seed\":3,\"ignore_eos\":true,"
            + "\"user\":\"u1\"}";

    assertThat(server.post("/v1/chat/completions", body).statusCode()).isEqualTo(200);

    GenerationRequest request = server.engine.lastRequest();
    assertThat(request.sampling())
        .isEqualTo(
            SamplingParams.builder()
                .temperature(0.7)
                .topP(0.95)
                .topK(40)
                .minP(0.05)
                .repeatPenalty(1.1)
                .frequencyPenalty(0.5)
                .presencePenalty(-0.25)
                .logitBias(Map.of(15, -100.0, 42, 2.5))
                .seed(3L)
                .build());
    assertThat(request.ignoreEos()).isTrue();
  }

  @Test
  void prefersMaxCompletionTokensAndTakesAStopArray() throws Exception {
    String body =
        HI
            + ",\"max_tokens\":7,\"max_completion_tokens\":3,\"stop\":[\"a\",\"b\",\"c\",\"d\"],"
            + "\"temperature\":2,\"top_p\":1,\"seed\":9007199254740993}";

    assertThat(server.post("/v1/chat/completions", body).statusCode()).isEqualTo(200);

    GenerationRequest request = server.engine.lastRequest();
    assertThat(request.maxTokens()).isEqualTo(3);
    assertThat(request.stop()).containsExactly("a", "b", "c", "d");
    assertThat(request.sampling()).isEqualTo(sampling(2, 1, 9007199254740993L));
  }

  @Test
  void mapsResponseFormatsToJsonSchemas() throws Exception {
    String schema =
        "{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"integer\"}},\"required\":[\"a\"]}";
    Map<String, String> formats =
        Map.of(
            "{\"type\":\"text\"}",
            "",
            "{\"type\":\"json_object\"}",
            "{\"type\":\"object\"}",
            "{\"type\":\"json_schema\",\"json_schema\":{\"name\":\"n\",\"strict\":true,"
                + "\"schema\":"
                + schema
                + "}}",
            schema);
    for (Map.Entry<String, String> format : formats.entrySet()) {
      String body = HI + ",\"response_format\":" + format.getKey() + "}";

      assertThat(server.post("/v1/chat/completions", body).statusCode()).isEqualTo(200);

      String expected = format.getValue().isEmpty() ? null : format.getValue();
      assertThat(server.engine.lastRequest().jsonSchema()).isEqualTo(expected);
    }
  }

  @Test
  void runsNChoicesWithConsecutiveSeedsAndCountsThePromptOnce() throws Exception {
    try (TestServer two = TestServer.ready(ServerSettings.DEFAULTS, 2)) {
      HttpResponse<String> response =
          two.post("/v1/chat/completions", HI + ",\"n\":3,\"seed\":10,\"temperature\":1}");

      assertThat(response.statusCode()).isEqualTo(200);
      JsonNode body = json(response);
      assertThat(body.get("choices")).hasSize(3);
      for (int i = 0; i < 3; i++) {
        assertThat(body.at("/choices/" + i + "/index").asInt()).isEqualTo(i);
        assertThat(body.at("/choices/" + i + "/message/content").asText()).isEqualTo("Hello wörld");
        assertThat(body.at("/choices/" + i + "/finish_reason").asText()).isEqualTo("stop");
      }
      assertThat(body.get("usage"))
          .isEqualTo(
              Json.MAPPER.readTree(
                  "{\"prompt_tokens\":19,\"completion_tokens\":12,\"total_tokens\":31,"
                      + "\"prompt_tokens_details\":{\"cached_tokens\":2}}"));
      String id = body.get("id").asText();
      assertThat(two.engine.requests())
          .extracting(GenerationRequest::id)
          .containsExactlyInAnyOrder(id + "-0", id + "-1", id + "-2");
      assertThat(two.engine.requests())
          .extracting(request -> request.sampling().seed())
          .containsExactlyInAnyOrder(10L, 11L, 12L);
    }
  }

  @Test
  void rendersEveryRoleAndJoinsTextParts() throws Exception {
    String body =
        """
        {"model":"fake","messages":[
          {"role":"system","content":"Be brief."},
          {"role":"user","content":[{"type":"text","text":"Привет, "},{"type":"text","text":"мир"}]},
          {"role":"assistant","content":"Hi"},
          {"role":"user","content":"<|eot_id|>", "name":"ignored"}]}
        """;

    assertThat(server.post("/v1/chat/completions", body).statusCode()).isEqualTo(200);

    assertThat(server.engine.lastRequest().prompt().segments())
        .containsExactly(
            new Prompt.Text("<system>", true),
            new Prompt.Text("Be brief.", false),
            new Prompt.Text("<user>", true),
            new Prompt.Text("Привет, мир", false),
            new Prompt.Text("<assistant>", true),
            new Prompt.Text("Hi", false),
            new Prompt.Text("<user>", true),
            new Prompt.Text("<|eot_id|>", false),
            new Prompt.Text("<assistant>", true));
  }

  @Test
  void servesAnAliasAndEchoesIt() throws Exception {
    JsonNode body =
        json(
            server.post(
                "/v1/chat/completions",
                "{\"model\":\"fake-alias\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}"));

    assertThat(body.get("model").asText()).isEqualTo("fake-alias");
  }

  @Test
  void ignoresUnknownFieldsAndNulls() throws Exception {
    String body =
        HI
            + ",\"future_field\":{\"x\":[1]},\"metadata\":{\"k\":\"v\"},\"store\":false,"
            + "\"temperature\":null,\"stop\":null,\"stream\":null,\"n\":null,\"tools\":null,"
            + "\"tool_choice\":\"none\",\"logit_bias\":null,\"response_format\":null}";

    assertThat(server.post("/v1/chat/completions", body).statusCode()).isEqualTo(200);
    assertThat(server.engine.lastRequest().sampling()).isEqualTo(sampling(0.6, 0.9, null));
  }

  @Test
  void keepsServingAfterABadRequest() throws Exception {
    assertThat(server.post("/v1/chat/completions", "{oops").statusCode()).isEqualTo(400);
    assertThat(server.post("/v1/chat/completions", HI + ",\"temperature\":3}").statusCode())
        .isEqualTo(400);

    HttpResponse<String> response = server.post("/v1/chat/completions", HI + "}");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(json(response).at("/choices/0/message/content").asText()).isEqualTo("Hello wörld");
    assertThat(server.engine.requests()).hasSize(1);
  }

  @Test
  void failsWithServerErrorWhenTheEngineFails() throws Exception {
    server.engine.script(new FakeEngine.Script.Fail("partial", "decode failed: out of memory"));

    HttpResponse<String> response = server.post("/v1/chat/completions", HI + "}");

    assertThat(response.statusCode()).isEqualTo(500);
    assertThat(json(response))
        .isEqualTo(
            Json.MAPPER.readTree(
                """
                {"error":{"message":"decode failed: out of memory","type":"server_error",
                          "param":null,"code":null}}
                """));
  }
}
