package dev.samovar.server.http;

import static dev.samovar.server.http.TestServer.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.samovar.server.api.Json;
import java.net.http.HttpResponse;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Chat completion requests that the server rejects with 400 and an OpenAI-style error naming the
 * parameter at fault. Each subclass lists the cases of one topic; one server with the fake engine
 * answers a subclass's cases.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class InvalidChatRequests {
  /** A valid {@code messages} array. */
  static final String USER = "[{\"role\":\"user\",\"content\":\"Hi\"}]";

  private final TestServer server = TestServer.ready();

  @AfterAll
  void close() {
    server.close();
  }

  /**
   * The cases, each made by {@link #invalid} or {@link #invalidField}: the request body, the param
   * the error names (null for none) and the start of its message.
   */
  abstract Stream<Arguments> invalidRequests();

  /** A case whose whole body is {@code body}. */
  static Arguments invalid(String body, String param, String messageStart) {
    return Arguments.of(body, param, messageStart);
  }

  /** A case of a valid request with {@code field} added. */
  static Arguments invalidField(String field, String param, String message) {
    return invalid("{\"model\":\"fake\",\"messages\":" + USER + "," + field + "}", param, message);
  }

  @ParameterizedTest
  @MethodSource("invalidRequests")
  void rejectsInvalidRequestsNamingTheParam(String body, String param, String messageStart)
      throws Exception {
    HttpResponse<String> response = server.post("/v1/chat/completions", body);

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
}
