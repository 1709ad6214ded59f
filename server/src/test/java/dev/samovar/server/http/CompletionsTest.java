package dev.samovar.server.http;

import static dev.samovar.server.http.StreamingTest.events;
import static dev.samovar.server.http.StreamingTest.parse;
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
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class CompletionsTest {
  private final TestServer server = TestServer.ready();

  @AfterEach
  void close() {
    server.close();
  }

  @Test
  void answersWithTheExactTextCompletionObject() throws Exception {
    HttpResponse<String> response =
        server.post("/v1/completions", "{\"model\":\"fake\",\"prompt\":\"Привет\"}");

    assertThat(response.statusCode()).isEqualTo(200);
    JsonNode body = json(response);
    assertThat(body.get("id").asText()).matches("cmpl-[0-9a-f]{32}");
    // BOS plus six letters.
    ObjectNode expected =
        (ObjectNode)
            Json.MAPPER.readTree(
                """
                {"id":"","object":"text_completion","created":0,"model":"fake",
                 "choices":[{"text":"Hello wörld","index":0,"logprobs":null,"finish_reason":"stop"}],
                 "usage":{"prompt_tokens":7,"completion_tokens":4,"total_tokens":11,
                          "prompt_tokens_details":{"cached_tokens":2}}}
                """);
    expected.set("id", body.get("id"));
    expected.set("created", body.get("created"));
    assertThat(body).isEqualTo(expected);
  }

  @Test
  void tokenizesATextPromptWithBosAndDefaultsTo16Tokens() throws Exception {
    server.post("/v1/completions", "{\"model\":\"fake\",\"prompt\":\"a🫖\"}");

    GenerationRequest request = server.engine.lastRequest();
    int[] expected = {FakeEngine.BOS, 'a', 0xDCF0, 0xDC9F, 0xDCAB, 0xDC96};
    assertThat(request.prompt().segments()).hasSize(1);
    assertThat(((Prompt.Tokens) request.prompt().segments().getFirst()).ids()).isEqualTo(expected);
    assertThat(request.maxTokens()).isEqualTo(16);
    assertThat(request.sampling()).isEqualTo(SamplingParams.of(0.6, 0.9, null));
  }

  @Test
  void feedsTokenIdsAsTheyAreWithTheRequestedFields() throws Exception {
    String body =
        "{\"model\":\"fake\",\"prompt\":[1,2,3],\"max_tokens\":5,\"temperature\":0,"
            + "\"stop\":[\"x\"],\"top_k\":3,\"seed\":8,\"best_of\":1,\"echo\":false,\"suffix\":null}";

    assertThat(server.post("/v1/completions", body).statusCode()).isEqualTo(200);

    GenerationRequest request = server.engine.lastRequest();
    assertThat(((Prompt.Tokens) request.prompt().segments().getFirst()).ids())
        .containsExactly(1, 2, 3);
    assertThat(request.maxTokens()).isEqualTo(5);
    assertThat(request.stop()).containsExactly("x");
    assertThat(request.sampling())
        .isEqualTo(SamplingParams.builder().temperature(0).topP(0.9).topK(3).seed(8L).build());
    assertThat(request.jsonSchema()).isNull();
  }

  @Test
  void reportsLegacyLogprobsWithTextOffsets() throws Exception {
    server.engine.script(FakeEngine.Script.reply(FinishReason.LENGTH, "ab", "", "ё"));

    JsonNode body =
        json(
            server.post("/v1/completions", "{\"model\":\"fake\",\"prompt\":\"x\",\"logprobs\":2}"));

    assertThat(body.at("/choices/0/text").asText()).isEqualTo("abё");
    assertThat(body.at("/choices/0/finish_reason").asText()).isEqualTo("length");
    assertThat(body.at("/choices/0/logprobs"))
        .isEqualTo(
            Json.MAPPER.readTree(
                """
                {"tokens":["ab","","ё"],"token_logprobs":[-0.5,-0.5,-0.5],
                 "top_logprobs":[{"alt0":-1.0,"alt1":-2.0},{"alt0":-1.0,"alt1":-2.0},
                                 {"alt0":-1.0,"alt1":-2.0}],
                 "text_offset":[0,2,2]}
                """));
    assertThat(server.engine.lastRequest().topLogprobs()).isEqualTo(2);
  }

  @Test
  void streamsTextChunksThenTheFinishChunkAndUsage() throws Exception {
    server.engine.script(FakeEngine.Script.reply(FinishReason.STOP, "Да", "", "!"));
    String body =
        "{\"model\":\"fake\",\"prompt\":\"x\",\"stream\":true,\"logprobs\":0,"
            + "\"stream_options\":{\"include_usage\":true}}";

    HttpResponse<String> response = server.post("/v1/completions", body);

    assertThat(response.headers().firstValue("Content-Type")).hasValue("text/event-stream");
    List<String> events = events(response.body());
    assertThat(events).hasSize(5).last().isEqualTo("[DONE]");
    List<JsonNode> chunks = parse(events.subList(0, 4));
    String id = chunks.getFirst().get("id").asText();
    assertThat(id).matches("cmpl-[0-9a-f]{32}");
    long created = chunks.getFirst().get("created").asLong();
    assertThat(chunks)
        .containsExactly(
            chunk(
                id,
                created,
                "{\"text\":\"Да\",\"index\":0,\"logprobs\":{\"tokens\":[\"Да\"],"
                    + "\"token_logprobs\":[-0.5],\"top_logprobs\":[{}],\"text_offset\":[0]},"
                    + "\"finish_reason\":null}"),
            chunk(
                id,
                created,
                "{\"text\":\"!\",\"index\":0,\"logprobs\":{\"tokens\":[\"\",\"!\"],"
                    + "\"token_logprobs\":[-0.5,-0.5],\"top_logprobs\":[{},{}],"
                    + "\"text_offset\":[2,2]},\"finish_reason\":null}"),
            chunk(
                id,
                created,
                "{\"text\":\"\",\"index\":0,\"logprobs\":null,\"finish_reason\":\"stop\"}"),
            Json.MAPPER.readTree(
                "{\"id\":\""
                    + id
                    + "\",\"object\":\"text_completion\",\"created\":"
                    + created
                    + ",\"model\":\"fake\",\"choices\":[],\"usage\":{\"prompt_tokens\":2,"
                    + "\"completion_tokens\":3,\"total_tokens\":5,"
                    + "\"prompt_tokens_details\":{\"cached_tokens\":2}}}"));
  }

  private static JsonNode chunk(String id, long created, String choice) throws Exception {
    return Json.MAPPER.readTree(
        "{\"id\":\""
            + id
            + "\",\"object\":\"text_completion\",\"created\":"
            + created
            + ",\"model\":\"fake\",\"choices\":["
            + choice
            + "],\"usage\":null}");
  }

  @Test
  void namesThePromptWhenItIsLongerThanTheContext() throws Exception {
    HttpResponse<String> response =
        server.post(
            "/v1/completions",
            "{\"model\":\"fake\",\"prompt\":\"" + "x".repeat(FakeEngine.CONTEXT_LENGTH) + "\"}");

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(json(response))
        .isEqualTo(
            Json.MAPPER.readTree(
                """
                {"error":{"message":"This model's maximum context length is 1024 tokens, but the prompt has 1025 tokens.",
                          "type":"invalid_request_error","param":"prompt",
                          "code":"context_length_exceeded"}}
                """));
  }

  static Stream<Arguments> refusals() {
    return Stream.of(
        Arguments.of(
            "\"echo\":true",
            "echo",
            "'echo' is not supported: the answer never repeats the prompt."),
        Arguments.of(
            "\"suffix\":\"end\"",
            "suffix",
            "'suffix' is not supported: this model has no fill-in-the-middle format."),
        Arguments.of(
            "\"best_of\":3",
            "best_of",
            "'best_of' is not supported: ask for several choices with 'n' instead."),
        Arguments.of(
            "\"logprobs\":6", "logprobs", "Invalid value for 'logprobs': 6; it must be in [0, 5]."),
        Arguments.of(
            "\"logprobs\":true", "logprobs", "Invalid type for 'logprobs': expected an integer."),
        Arguments.of(
            "\"prompt\":5",
            "prompt",
            "Invalid type for 'prompt': expected a string or an array of token ids."),
        Arguments.of("\"prompt\":[]", "prompt", "'prompt' must not be an empty array."),
        Arguments.of(
            "\"prompt\":[\"a\",\"b\"]",
            "prompt",
            "'prompt' holds several prompts; send one string or one array of token ids per request."),
        Arguments.of(
            "\"prompt\":[[1],[2]]",
            "prompt",
            "'prompt' holds several prompts; send one string or one array of token ids per request."),
        Arguments.of(
            "\"prompt\":[1,1114112]",
            "prompt[1]",
            "Invalid value for 'prompt[1]': 1114112 is not a token id; this model's ids are 0 to 1114111."),
        Arguments.of(
            "\"prompt\":[-1]",
            "prompt[0]",
            "Invalid value for 'prompt[0]': -1 is not a token id; this model's ids are 0 to 1114111."),
        Arguments.of("\"prompt\":null", "prompt", "Missing required parameter: 'prompt'."));
  }

  @ParameterizedTest
  @MethodSource("refusals")
  void refusesWhatItCannotDo(String field, String param, String message) throws Exception {
    String body =
        field.startsWith("\"prompt\"")
            ? "{\"model\":\"fake\"," + field + "}"
            : "{\"model\":\"fake\",\"prompt\":\"x\"," + field + "}";

    HttpResponse<String> response = server.post("/v1/completions", body);

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(json(response).get("error"))
        .isEqualTo(
            Json.MAPPER
                .createObjectNode()
                .put("message", message)
                .put("type", "invalid_request_error")
                .put("param", param)
                .putNull("code"));
    assertThat(server.engine.requests()).isEmpty();
  }
}
