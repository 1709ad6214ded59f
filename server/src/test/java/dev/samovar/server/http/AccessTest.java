package dev.samovar.server.http;

import static dev.samovar.server.http.TestServer.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.samovar.server.api.Json;
import dev.samovar.server.ops.AccessSettings;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;

class AccessTest {
  private static final String CHAT =
      "{\"model\":\"fake\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}";
  private static final AccessSettings KEYS =
      new AccessSettings(List.of("key-one", "key-two"), false, List.of(), 1 << 20, 0, false);

  private static HttpResponse<String> get(TestServer server, String path, String... headers)
      throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(server.uri(path));
    if (headers.length > 0) {
      request.headers(headers);
    }
    return server.send(request.build());
  }

  @Test
  void refusesMissingAndWrongKeysWithAnOpenAiError() throws Exception {
    try (TestServer server = TestServer.ready(KEYS)) {
      HttpResponse<String> missing = get(server, "/v1/models");
      HttpResponse<String> wrong = get(server, "/v1/models", "Authorization", "Bearer key-three");
      HttpResponse<String> chat = server.post("/v1/chat/completions", CHAT);

      assertThat(missing.statusCode()).isEqualTo(401);
      assertThat(json(missing))
          .isEqualTo(
              Json.MAPPER.readTree(
                  "{\"error\":{\"message\":\"Missing API key: send 'Authorization: Bearer <key>'"
                      + " or 'X-Api-Key: <key>'.\",\"type\":\"invalid_request_error\","
                      + "\"param\":null,\"code\":\"invalid_api_key\"}}"));
      assertThat(wrong.statusCode()).isEqualTo(401);
      assertThat(json(wrong).at("/error/message").asText())
          .isEqualTo("Incorrect API key provided.");
      assertThat(chat.statusCode()).isEqualTo(401);
      assertThat(server.engine.requests()).isEmpty();
      for (String path : List.of("/tokenize", "/detokenize")) {
        assertThat(server.post(path, "{}").statusCode()).as(path).isEqualTo(401);
      }
      assertThat(get(server, "/slots").statusCode()).isEqualTo(401);
    }
  }

  @Test
  void acceptsEachKeyAsBearerOrXApiKey() throws Exception {
    try (TestServer server = TestServer.ready(KEYS)) {
      assertThat(get(server, "/v1/models", "Authorization", "Bearer key-one").statusCode())
          .isEqualTo(200);
      assertThat(get(server, "/v1/models", "Authorization", "bearer key-two").statusCode())
          .isEqualTo(200);
      assertThat(get(server, "/v1/models", "X-Api-Key", "key-two").statusCode()).isEqualTo(200);
      HttpResponse<String> chat =
          server.send(
              HttpRequest.newBuilder(server.uri("/v1/chat/completions"))
                  .header("Authorization", "Bearer key-one")
                  .POST(HttpRequest.BodyPublishers.ofString(CHAT))
                  .build());
      assertThat(chat.statusCode()).isEqualTo(200);
    }
  }

  @Test
  void healthReadyMetricsAndStaticFilesNeedNoKey() throws Exception {
    try (TestServer server = TestServer.ready(KEYS)) {
      assertThat(get(server, "/health").statusCode()).isEqualTo(200);
      assertThat(get(server, "/ready").statusCode()).isEqualTo(200);
      assertThat(get(server, "/metrics").statusCode()).isEqualTo(200);
      HttpResponse<String> file = get(server, "/ops-probe.txt");
      assertThat(file.statusCode()).isEqualTo(200);
      assertThat(file.body()).isEqualTo("static probe\n");
      String counted = "samovar_requests_total{route=\"static\",status=\"200\"}";
      assertThat(Scrape.once(server, counted, 1).value(counted)).isEqualTo(1);
    }
  }

  @Test
  void refusesBodiesOverTheLimitWith413() throws Exception {
    AccessSettings small = new AccessSettings(List.of(), false, List.of(), 64, 0, false);
    try (TestServer server = TestServer.ready(small)) {
      HttpResponse<String> response =
          server.post(
              "/v1/chat/completions",
              "{\"model\":\"fake\",\"messages\":[{\"role\":\"user\",\"content\":\""
                  + "x".repeat(100)
                  + "\"}]}");

      assertThat(response.statusCode()).isEqualTo(413);
      assertThat(json(response).at("/error/type").asText()).isEqualTo("invalid_request_error");
      assertThat(server.engine.requests()).isEmpty();
    }
  }

  @Test
  void limitsTheRequestRatePerKeyWithRetryAfter() throws Exception {
    AccessSettings limited =
        new AccessSettings(List.of("key-one", "key-two"), false, List.of(), 1 << 20, 2, false);
    try (TestServer server = TestServer.ready(limited)) {
      for (int i = 0; i < 2; i++) {
        assertThat(get(server, "/v1/models", "X-Api-Key", "key-one").statusCode()).isEqualTo(200);
      }
      HttpResponse<String> third = get(server, "/v1/models", "X-Api-Key", "key-one");
      HttpResponse<String> other = get(server, "/v1/models", "X-Api-Key", "key-two");

      assertThat(third.statusCode()).isEqualTo(429);
      assertThat(Integer.parseInt(third.headers().firstValue("Retry-After").orElseThrow()))
          .isBetween(1, 60);
      assertThat(json(third).at("/error/code").asText()).isEqualTo("rate_limit_exceeded");
      assertThat(other.statusCode()).isEqualTo(200);
      assertThat(get(server, "/health").statusCode()).isEqualTo(200);
    }
  }

  @Test
  void sendsCorsHeadersOnlyForConfiguredOrigins() throws Exception {
    try (TestServer sameOrigin = TestServer.ready()) {
      HttpResponse<String> response =
          get(sameOrigin, "/v1/models", "Origin", "https://chat.example");
      assertThat(response.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
    }
    AccessSettings cors =
        new AccessSettings(List.of(), false, List.of("https://chat.example"), 1 << 20, 0, false);
    try (TestServer server = TestServer.ready(cors)) {
      HttpResponse<String> allowed = get(server, "/v1/models", "Origin", "https://chat.example");
      HttpResponse<String> other = get(server, "/v1/models", "Origin", "https://evil.example");

      assertThat(allowed.headers().firstValue("Access-Control-Allow-Origin"))
          .hasValue("https://chat.example");
      assertThat(other.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
    }
  }

  @Test
  void echoesASafeRequestIdOrMakesOne() throws Exception {
    try (TestServer server = TestServer.ready()) {
      HttpResponse<String> given = get(server, "/health", "X-Request-Id", "abc-123");
      HttpResponse<String> unsafe = get(server, "/health", "X-Request-Id", "a b\"c");

      assertThat(given.headers().firstValue("X-Request-Id")).hasValue("abc-123");
      assertThat(unsafe.headers().firstValue("X-Request-Id").orElseThrow())
          .matches("[0-9a-f-]{36}");
    }
  }
}
