package dev.samovar.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.samovar.server.api.Json;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Interleaved multi-turn chats on the real engine: each conversation's next turn goes back to the
 * sequence that holds its earlier turns and reuses their KV cache.
 */
class ConversationAffinityIT {
  @TempDir static Path dir;
  private static TinyServer server;

  @BeforeAll
  static void start() {
    server = TinyServer.start(dir, 2, 512, ServerSettings.DEFAULTS);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static ArrayNode user(ArrayNode messages, String content) {
    ObjectNode message = messages.addObject();
    message.put("role", "user");
    message.put("content", content);
    return messages;
  }

  private static JsonNode chat(ArrayNode messages) throws Exception {
    ObjectNode request = Json.MAPPER.createObjectNode();
    request.put("model", "tiny");
    request.put("temperature", 0);
    request.put("max_tokens", 8);
    request.set("messages", messages);
    var response = server.post("/v1/chat/completions", request.toString());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    JsonNode body = Json.MAPPER.readTree(response.body());
    ObjectNode answer = messages.addObject();
    answer.put("role", "assistant");
    answer.put("content", body.at("/choices/0/message/content").asText());
    return body.get("usage");
  }

  @Test
  void theSecondTurnOfEachInterleavedChatReusesItsCache() throws Exception {
    ArrayNode tea = user(Json.MAPPER.createArrayNode(), "Расскажи про чай и самовар.");
    ArrayNode city = user(Json.MAPPER.createArrayNode(), "Какой город самый большой?");

    JsonNode tea1 = chat(tea);
    JsonNode city1 = chat(city);
    JsonNode tea2 = chat(user(tea, "А ещё?"));
    JsonNode city2 = chat(user(city, "Почему?"));

    for (JsonNode first : List.of(tea1, city1)) {
      assertThat(first.at("/prompt_tokens_details/cached_tokens").asInt())
          .as("a new conversation shares only the template's first tokens")
          .isLessThan(8);
    }
    assertThat(tea2.at("/prompt_tokens_details/cached_tokens").asInt())
        .as("turn 2 of the tea chat")
        .isGreaterThanOrEqualTo(tea1.get("prompt_tokens").asInt());
    assertThat(city2.at("/prompt_tokens_details/cached_tokens").asInt())
        .as("turn 2 of the city chat")
        .isGreaterThanOrEqualTo(city1.get("prompt_tokens").asInt());
  }
}
