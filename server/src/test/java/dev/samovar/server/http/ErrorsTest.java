package dev.samovar.server.http;

import static dev.samovar.server.http.TestServer.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.samovar.server.api.Json;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * Errors other than invalid parameters (those are in the subclasses of {@link
 * InvalidChatRequests}): an unknown model, a prompt longer than the context, an unknown route and a
 * wrong method.
 */
class ErrorsTest {
  private static final String USER = InvalidChatRequests.USER;
  private static final TestServer SERVER = TestServer.ready();

  @AfterAll
  static void close() {
    SERVER.close();
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
