package dev.samovar.server.http;

import static dev.samovar.server.http.TestServer.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Anthropic's {@code /v1/messages} against the fake engine: body, events and error shapes. */
class MessagesTest {
  private static final String ASK =
      "{\"model\":\"fake\",\"max_tokens\":10,\"system\":\"Be brief.\","
          + "\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]";

  private final TestServer server = TestServer.ready();

  @AfterEach
  void close() {
    server.close();
  }

  @Test
  void aMessageHasOneTextBlockAndItsUsage() throws Exception {
    JsonNode message = json(server.post("/v1/messages", ASK + "}"));

    assertThat(message.get("type").asText()).isEqualTo("message");
    assertThat(message.get("id").asText()).matches("msg_[0-9a-f]{32}");
    assertThat(message.at("/content/0/text").asText()).isEqualTo("Hello wörld");
    assertThat(message.get("stop_reason").asText()).isEqualTo("end_turn");
    assertThat(message.at("/usage/output_tokens").asInt()).isEqualTo(4);
    assertThat(message.at("/usage/input_tokens").asInt())
        .isEqualTo(
            json(server.post("/v1/messages/count_tokens", ASK + "}")).get("input_tokens").asInt());
    assertThat(server.engine.lastRequest().prompt().text()).startsWith("<system>Be brief.<user>Hi");
  }

  @Test
  void aStreamNamesItsEventsAndEndsWithMessageStop() throws Exception {
    String body = server.post("/v1/messages", ASK + ",\"stream\":true}").body();

    assertThat(body)
        .startsWith("event: message_start\ndata: ")
        .contains("event: content_block_start\n", "\"type\":\"text_delta\",\"text\":\"Hel\"")
        .contains("event: message_delta\ndata: ", "\"stop_reason\":\"end_turn\"")
        .endsWith("event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n")
        .doesNotContain("[DONE]");
  }

  @Test
  void errorsHaveAnthropicsShape() throws Exception {
    HttpResponse<String> missing =
        server.post("/v1/messages", "{\"model\":\"fake\",\"messages\":[]}");
    assertThat(missing.statusCode()).isEqualTo(400);
    assertThat(json(missing).get("type").asText()).isEqualTo("error");
    assertThat(json(missing).at("/error/type").asText()).isEqualTo("invalid_request_error");
    assertThat(json(missing).at("/error/message").asText()).contains("max_tokens");

    HttpResponse<String> unknown = server.post("/v1/messages", ASK.replace("fake", "other") + "}");
    assertThat(unknown.statusCode()).isEqualTo(404);
    assertThat(json(unknown).at("/error/type").asText()).isEqualTo("not_found_error");

    HttpResponse<String> badCall =
        server.post(
            "/v1/messages",
            "{\"model\":\"fake\",\"max_tokens\":5,\"messages\":[{\"role\":\"user\",\"content\":"
                + "[{\"type\":\"tool_result\",\"tool_use_id\":\"toolu_x\",\"content\":\"1\"}]}]}");
    assertThat(json(badCall).at("/error/message").asText())
        .contains("messages.0.content.0.tool_use_id");
  }
}
