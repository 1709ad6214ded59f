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
    assertThat(request.sampling()).isEqualTo(new SamplingParams(0.6, 0.9, null));
    assertThat(request.maxTokens()).isNull();
    assertThat(request.stop()).isEmpty();
  }

  @Test
  void appliesConfiguredDefaults() throws Exception {
    try (TestServer custom =
        TestServer.ready(new ServerSettings(1.25, 0.5, Duration.ofSeconds(10)))) {
      assertThat(custom.post("/v1/chat/completions", HI + ",\"top_p\":0.8}").statusCode())
          .isEqualTo(200);

      assertThat(custom.engine.lastRequest().sampling())
          .isEqualTo(new SamplingParams(1.25, 0.8, null));
    }
  }

  @Test
  void passesExplicitValuesThroughAndKeepsTemperatureZero() throws Exception {
    String body =
        HI + ",\"temperature\":0,\"top_p\":0.5,\"seed\":-42,\"max_tokens\":7,\"stop\":\"END\"}";

    assertThat(server.post("/v1/chat/completions", body).statusCode()).isEqualTo(200);

    GenerationRequest request = server.engine.lastRequest();
    assertThat(request.sampling()).isEqualTo(new SamplingParams(0, 0.5, -42L));
    assertThat(request.maxTokens()).isEqualTo(7);
    assertThat(request.stop()).containsExactly("END");
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
    assertThat(request.sampling()).isEqualTo(new SamplingParams(2, 1, 9007199254740993L));
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
            new Prompt.Segment("<system>", true),
            new Prompt.Segment("Be brief.", false),
            new Prompt.Segment("<user>", true),
            new Prompt.Segment("Привет, мир", false),
            new Prompt.Segment("<assistant>", true),
            new Prompt.Segment("Hi", false),
            new Prompt.Segment("<user>", true),
            new Prompt.Segment("<|eot_id|>", false),
            new Prompt.Segment("<assistant>", true));
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
            + ",\"user\":\"u1\",\"frequency_penalty\":0.5,\"future_field\":{\"x\":[1]},"
            + "\"temperature\":null,\"stop\":null,\"stream\":null,\"n\":1}";

    assertThat(server.post("/v1/chat/completions", body).statusCode()).isEqualTo(200);
    assertThat(server.engine.lastRequest().sampling())
        .isEqualTo(new SamplingParams(0.6, 0.9, null));
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
