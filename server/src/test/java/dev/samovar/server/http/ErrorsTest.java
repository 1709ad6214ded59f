package dev.samovar.server.http;

import static dev.samovar.server.http.TestServer.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.samovar.server.api.Json;
import java.net.http.HttpResponse;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ErrorsTest {
  private static final String USER = "[{\"role\":\"user\",\"content\":\"Hi\"}]";
  private static final TestServer SERVER = TestServer.ready();

  @AfterAll
  static void close() {
    SERVER.close();
  }

  static Stream<Arguments> invalidRequests() {
    return Stream.of(
        invalid(
            "{\"model\":",
            null,
            "The request body is not valid JSON at line 1, column 10: Unexpected end-of-input"
                + " within/between Object entries."),
        invalid(
            "{\"model\":\"fake\",\n \"messages\":[1,2",
            null,
            "The request body is not valid JSON at line 2, column 17: Unexpected end-of-input:"
                + " expected close marker for Array (opened at line 2, column 13)."),
        invalid(
            "{\"a\":NaN}",
            null,
            "The request body is not valid JSON at line 1, column 9: Non-standard token 'NaN'."),
        invalid("", null, "The request body is empty; send a JSON object."),
        invalid(
            "{\"model\":\"fake\"} trailing",
            null,
            "The request body is not valid JSON at line 1, column 18: Unrecognized token"
                + " 'trailing': was expecting (JSON String, Number, Array, Object or token 'null',"
                + " 'true' or 'false')."),
        invalid("[1]", null, "The request body must be a JSON object."),
        invalid("{\"messages\":" + USER + "}", "model", "You must provide a model parameter."),
        invalid(
            "{\"model\":7,\"messages\":" + USER + "}",
            "model",
            "Invalid type for 'model': expected a string."),
        invalid("{\"model\":\"fake\"}", "messages", "Missing required parameter: 'messages'."),
        invalid(
            "{\"model\":\"fake\",\"messages\":[]}",
            "messages",
            "'messages' must contain at least one message."),
        invalid(
            "{\"model\":\"fake\",\"messages\":\"Hi\"}",
            "messages",
            "Invalid type for 'messages': expected an array."),
        invalid(
            "{\"model\":\"fake\",\"messages\":[\"Hi\"]}",
            "messages[0]",
            "Invalid type for 'messages[0]': expected an object."),
        invalid(
            "{\"model\":\"fake\",\"messages\":[{\"content\":\"Hi\"}]}",
            "messages[0].role",
            "Missing required parameter: 'messages[0].role'."),
        invalid(
            "{\"model\":\"fake\",\"messages\":[{\"role\":\"user\",\"content\":\"a\"},"
                + "{\"role\":\"robot\",\"content\":\"b\"}]}",
            "messages[1].role",
            "Invalid value for 'messages[1].role': \"robot\"; supported roles are 'system',"
                + " 'developer', 'user', 'assistant' and 'tool'."),
        invalid(
            "{\"model\":\"fake\",\"messages\":[{\"role\":\"user\",\"content\":\"a\"},"
                + "{\"role\":\"tool\",\"content\":\"b\",\"tool_call_id\":\"c\"}]}",
            "messages[1].tool_call_id",
            "'messages[1].tool_call_id' (\"c\") names no earlier assistant tool call."),
        invalid(
            "{\"model\":\"fake\",\"messages\":[{\"role\":\"assistant\",\"content\":\"a\","
                + "\"tool_calls\":[{\"id\":\"c\"}]}]}",
            "messages[0].tool_calls[0].function",
            "Invalid type for 'messages[0].tool_calls[0].function': expected an object."),
        invalid(
            "{\"model\":\"fake\",\"messages\":[{\"role\":\"assistant\",\"tool_calls\":"
                + "[{\"id\":\"c\",\"type\":\"function\",\"function\":{\"name\":\"f\","
                + "\"arguments\":\"[1]\"}}]}]}",
            "messages[0].tool_calls[0].function.arguments",
            "Invalid 'messages[0].tool_calls[0].function.arguments': the arguments must be a JSON"
                + " object as text."),
        invalid(
            "{\"model\":\"fake\",\"messages\":[{\"role\":\"assistant\"}]}",
            "messages[0].content",
            "Missing required parameter: 'messages[0].content'."),
        invalid(
            "{\"model\":\"fake\",\"messages\":[{\"role\":\"user\"}]}",
            "messages[0].content",
            "Missing required parameter: 'messages[0].content'."),
        invalid(
            "{\"model\":\"fake\",\"messages\":[{\"role\":\"user\",\"content\":5}]}",
            "messages[0].content",
            "Invalid type for 'messages[0].content': expected a string or an array of text"
                + " parts."),
        invalid(
            "{\"model\":\"fake\",\"messages\":[{\"role\":\"user\",\"content\":"
                + "[{\"type\":\"image_url\",\"image_url\":{\"url\":\"x\"}}]}]}",
            "messages[0].content[0].type",
            "Unsupported content part type \"image_url\"; only 'text' parts are supported."),
        invalid(
            "{\"model\":\"fake\",\"messages\":[{\"role\":\"user\",\"content\":"
                + "[{\"type\":\"text\",\"text\":1}]}]}",
            "messages[0].content[0].text",
            "Invalid type for 'messages[0].content[0].text': expected a string."),
        invalidField(
            "\"tools\":{\"type\":\"function\"}",
            "tools",
            "Invalid type for 'tools': expected an array."),
        invalidField(
            "\"tools\":[{\"type\":\"retrieval\"}]",
            "tools[0].type",
            "Invalid value for 'tools[0].type': retrieval; supported: 'function'."),
        invalidField(
            "\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"get weather\"}}]",
            "tools[0].function.name",
            "Invalid 'tools[0].function.name': \"get weather\"; a function name is 1-64 letters,"
                + " digits, '_' or '-'."),
        invalidField(
            "\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"f\"}},"
                + "{\"type\":\"function\",\"function\":{\"name\":\"f\"}}]",
            "tools[1].function.name",
            "Two tools are named 'f'."),
        invalidField(
            "\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"f\","
                + "\"parameters\":{\"type\":\"string\"}}}]",
            "tools[0].function.parameters",
            "Invalid 'tools[0].function.parameters': a function's arguments are an object"),
        invalidField(
            "\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"f\","
                + "\"parameters\":{\"type\":\"object\",\"unsupported\":1}}}]",
            "tools[0].function.parameters",
            "Invalid 'tools[0].function.parameters': the JSON schema uses a keyword"),
        invalidField(
            "\"tool_choice\":\"required\"",
            "tool_choice",
            "'tool_choice' is only allowed when 'tools' are specified."),
        invalidField(
            "\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"f\"}}],"
                + "\"tool_choice\":{\"type\":\"function\",\"function\":{\"name\":\"g\"}}",
            "tool_choice.function.name",
            "Invalid 'tool_choice.function.name': no tool is named \"g\"."),
        invalidField(
            "\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"f\"}}],"
                + "\"response_format\":{\"type\":\"json_object\"}",
            "response_format",
            "'response_format' cannot be combined with tools"),
        invalidField(
            "\"functions\":[{\"name\":\"f\"}]",
            "functions",
            "'functions' is not supported: it is deprecated; use 'tools' and 'tool_choice'"),
        invalidField(
            "\"temperature\":2.5",
            "temperature",
            "Invalid value for 'temperature': 2.5 is not in [0, 2]."),
        invalidField(
            "\"temperature\":-0.1",
            "temperature",
            "Invalid value for 'temperature': -0.1 is not in [0, 2]."),
        invalidField(
            "\"temperature\":\"hot\"",
            "temperature",
            "Invalid type for 'temperature': expected a number."),
        invalidField("\"top_p\":0", "top_p", "Invalid value for 'top_p': 0.0 is not in (0, 1]."),
        invalidField("\"top_p\":1.5", "top_p", "Invalid value for 'top_p': 1.5 is not in (0, 1]."),
        invalidField("\"top_p\":true", "top_p", "Invalid type for 'top_p': expected a number."),
        invalidField(
            "\"top_k\":-1", "top_k", "Invalid value for 'top_k': -1; it must be at least 0."),
        invalidField("\"top_k\":2.5", "top_k", "Invalid type for 'top_k': expected an integer."),
        invalidField("\"min_p\":1.5", "min_p", "Invalid value for 'min_p': 1.5 is not in [0, 1]."),
        invalidField(
            "\"repeat_penalty\":0",
            "repeat_penalty",
            "Invalid value for 'repeat_penalty': 0.0; it must be a finite number greater than 0."),
        invalidField(
            "\"frequency_penalty\":2.5",
            "frequency_penalty",
            "Invalid value for 'frequency_penalty': 2.5 is not in [-2, 2]."),
        invalidField(
            "\"presence_penalty\":\"x\"",
            "presence_penalty",
            "Invalid type for 'presence_penalty': expected a number."),
        invalidField(
            "\"logit_bias\":[1]",
            "logit_bias",
            "Invalid type for 'logit_bias': expected an object that maps token ids to numbers."),
        invalidField(
            "\"logit_bias\":{\"hello\":1}",
            "logit_bias",
            "Invalid key in 'logit_bias': \"hello\" is not a token id."),
        invalidField(
            "\"logit_bias\":{\"-5\":1}",
            "logit_bias",
            "Invalid key in 'logit_bias': \"-5\" is not a token id."),
        invalidField(
            "\"logit_bias\":{\"5\":\"high\"}",
            "logit_bias",
            "Invalid type for 'logit_bias': expected an object that maps token ids to numbers."),
        invalidField(
            "\"logit_bias\":{\"5\":101}",
            "logit_bias",
            "Invalid value for 'logit_bias': the bias of token 5 is 101.0; it must be in"
                + " [-100, 100]."),
        invalidField(
            "\"logit_bias\":{\"2000000\":1}",
            "logit_bias",
            "logit_bias names token 2000000, outside the vocabulary"),
        invalidField(
            "\"max_tokens\":0",
            "max_tokens",
            "Invalid value for 'max_tokens': 0; it must be at least 1."),
        invalidField(
            "\"max_tokens\":3000000000",
            "max_tokens",
            "Invalid value for 'max_tokens': 3000000000; it must be at least 1."),
        invalidField(
            "\"max_tokens\":1.5",
            "max_tokens",
            "Invalid type for 'max_tokens': expected an integer."),
        invalidField(
            "\"max_completion_tokens\":-1",
            "max_completion_tokens",
            "Invalid value for 'max_completion_tokens': -1; it must be at least 1."),
        invalidField(
            "\"stop\":5",
            "stop",
            "Invalid type for 'stop': expected a string or an array of strings."),
        invalidField("\"stop\":[]", "stop", "'stop' must hold 1 to 4 strings; it has 0."),
        invalidField(
            "\"stop\":[\"a\",\"b\",\"c\",\"d\",\"e\"]",
            "stop",
            "'stop' must hold 1 to 4 strings; it has 5."),
        invalidField(
            "\"stop\":[\"a\",1]", "stop[1]", "Invalid type for 'stop[1]': expected a string."),
        invalidField("\"stop\":\"\"", "stop", "Stop strings must not be empty."),
        invalidField("\"seed\":1.5", "seed", "Invalid type for 'seed': expected a 64-bit integer."),
        invalidField(
            "\"seed\":99999999999999999999",
            "seed",
            "Invalid type for 'seed': expected a 64-bit integer."),
        invalidField(
            "\"stream\":\"yes\"", "stream", "Invalid type for 'stream': expected a boolean."),
        invalidField(
            "\"stream_options\":{\"include_usage\":true}",
            "stream_options",
            "stream_options is only allowed when stream is true."),
        invalidField(
            "\"stream\":true,\"stream_options\":[]",
            "stream_options",
            "Invalid type for 'stream_options': expected an object."),
        invalidField(
            "\"stream\":true,\"stream_options\":{\"include_usage\":1}",
            "stream_options.include_usage",
            "Invalid type for 'stream_options.include_usage': expected a boolean."),
        invalidField("\"n\":0", "n", "Invalid value for 'n': 0; it must be in [1, 128]."),
        invalidField("\"n\":1.5", "n", "Invalid type for 'n': expected an integer."),
        invalidField(
            "\"n\":6",
            "n",
            "Invalid value for 'n': 6; this server holds at most 5 generations at once (1"
                + " running, 4 waiting)."),
        invalidField("\"user\":5", "user", "Invalid type for 'user': expected a string."),
        invalidField(
            "\"ignore_eos\":\"yes\"",
            "ignore_eos",
            "Invalid type for 'ignore_eos': expected a boolean."),
        invalidField(
            "\"logprobs\":1", "logprobs", "Invalid type for 'logprobs': expected a boolean."),
        invalidField(
            "\"logprobs\":true,\"top_logprobs\":21",
            "top_logprobs",
            "Invalid value for 'top_logprobs': 21; it must be in [0, 20]."),
        invalidField(
            "\"top_logprobs\":2",
            "top_logprobs",
            "'top_logprobs' is only allowed when 'logprobs' is true."),
        invalidField(
            "\"response_format\":\"json\"",
            "response_format",
            "Invalid type for 'response_format': expected an object."),
        invalidField(
            "\"response_format\":{}",
            "response_format.type",
            "Missing required parameter: 'response_format.type'."),
        invalidField(
            "\"response_format\":{\"type\":\"xml\"}",
            "response_format.type",
            "Invalid value for 'response_format.type': \"xml\"; supported types are 'text',"
                + " 'json_object' and 'json_schema'."),
        invalidField(
            "\"response_format\":{\"type\":\"json_schema\"}",
            "response_format.json_schema",
            "Missing required parameter: 'response_format.json_schema'."),
        invalidField(
            "\"response_format\":{\"type\":\"json_schema\",\"json_schema\":{\"name\":\"x\"}}",
            "response_format.json_schema.schema",
            "Missing required parameter: 'response_format.json_schema.schema'."),
        invalidField(
            "\"response_format\":{\"type\":\"json_schema\",\"json_schema\":{\"schema\":1}}",
            "response_format.json_schema.schema",
            "Invalid type for 'response_format.json_schema.schema': expected a JSON schema"
                + " object."),
        invalidField(
            "\"response_format\":{\"type\":\"json_schema\",\"json_schema\":"
                + "{\"schema\":{\"type\":\"unsupported\"}}}",
            "response_format",
            "the JSON schema uses a keyword the grammar converter does not support"));
  }

  private static Arguments invalid(String body, String param, String messageStart) {
    return Arguments.of(body, param, messageStart);
  }

  private static Arguments invalidField(String field, String param, String message) {
    return invalid("{\"model\":\"fake\",\"messages\":" + USER + "," + field + "}", param, message);
  }

  @ParameterizedTest
  @MethodSource("invalidRequests")
  void rejectsInvalidRequestsNamingTheParam(String body, String param, String messageStart)
      throws Exception {
    HttpResponse<String> response = SERVER.post("/v1/chat/completions", body);

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
    JsonNode error = json(response).get("error");
    assertThat(error.get("message").asText()).startsWith(messageStart);
    assertThat(error.get("message").asText()).doesNotContain("REDACTED", "Source:", "`");
    ObjectNode expected = Json.MAPPER.createObjectNode();
    expected.set("message", error.get("message"));
    expected.put("type", "invalid_request_error").put("param", param).putNull("code");
    assertThat(error).isEqualTo(expected);
  }

  @Test
  void refusesAnUnknownModelWith404() throws Exception {
    int submitted = SERVER.engine.requests().size();
    HttpResponse<String> response =
        SERVER.post("/v1/chat/completions", "{\"model\":\"gpt-4o\",\"messages\":" + USER + "}");

    assertThat(response.statusCode()).isEqualTo(404);
    assertThat(json(response))
        .isEqualTo(
            Json.MAPPER.readTree(
                """
                {"error":{"message":"The model 'gpt-4o' does not exist; this server serves: fake, fake-alias.",
                          "type":"invalid_request_error","param":"model","code":"model_not_found"}}
                """));
    assertThat(SERVER.engine.requests()).hasSize(submitted);
  }

  @Test
  void refusesAPromptLongerThanTheContext() throws Exception {
    String longText = "x".repeat(FakeEngine.CONTEXT_LENGTH);
    for (String stream : new String[] {"false", "true"}) {
      HttpResponse<String> response =
          SERVER.post(
              "/v1/chat/completions",
              "{\"model\":\"fake\",\"stream\":"
                  + stream
                  + ",\"messages\":[{\"role\":\"user\",\"content\":\""
                  + longText
                  + "\"}]}");

      assertThat(response.statusCode()).isEqualTo(400);
      assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
      assertThat(json(response))
          .isEqualTo(
              Json.MAPPER.readTree(
                  """
                  {"error":{"message":"This model's maximum context length is 1024 tokens, but the prompt has 1041 tokens.",
                            "type":"invalid_request_error","param":"messages",
                            "code":"context_length_exceeded"}}
                  """));
    }
  }

  @Test
  void answersUnknownRoutesWith404() throws Exception {
    HttpResponse<String> response = SERVER.get("/v1/completions/nothing");

    assertThat(response.statusCode()).isEqualTo(404);
    assertThat(json(response))
        .isEqualTo(
            Json.MAPPER.readTree(
                """
                {"error":{"message":"Endpoint GET /v1/completions/nothing not found",
                          "type":"invalid_request_error","param":null,"code":null}}
                """));
  }

  @Test
  void answersAWrongMethodWith405() throws Exception {
    HttpResponse<String> response = SERVER.get("/v1/chat/completions");

    assertThat(response.statusCode()).isEqualTo(405);
    assertThat(json(response))
        .isEqualTo(
            Json.MAPPER.readTree(
                """
                {"error":{"message":"Method Not Allowed",
                          "type":"invalid_request_error","param":null,"code":null}}
                """));
  }
}
