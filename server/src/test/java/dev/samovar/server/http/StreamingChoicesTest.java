package dev.samovar.server.http;

import static dev.samovar.server.http.StreamingTest.events;
import static dev.samovar.server.http.StreamingTest.parse;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.samovar.engine.FinishReason;
import dev.samovar.server.api.Json;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Streams with several choices, log-probabilities and characters beyond the BMP. */
@Timeout(20)
class StreamingChoicesTest {
  private static final String STREAM =
      "{\"model\":\"fake\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]";

  @Test
  void interleavesChoicesEachWithItsRoleAndFinishChunk() throws Exception {
    try (TestServer server = TestServer.ready(ServerSettings.DEFAULTS, 2)) {
      server.engine.script(FakeEngine.Script.reply(FinishReason.STOP, "Да", " 🫖", "!"));
      String body = STREAM + ",\"n\":2,\"stream_options\":{\"include_usage\":true}}";

      List<String> events = events(server.post("/v1/chat/completions", body).body());

      assertThat(events.getLast()).isEqualTo("[DONE]");
      List<JsonNode> chunks = parse(events.subList(0, events.size() - 1));
      JsonNode usage = chunks.getLast();
      assertThat(usage.get("choices")).isEmpty();
      assertThat(usage.get("usage"))
          .isEqualTo(
              Json.MAPPER.readTree(
                  "{\"prompt_tokens\":19,\"completion_tokens\":6,\"total_tokens\":25,"
                      + "\"prompt_tokens_details\":{\"cached_tokens\":2}}"));
      Map<Integer, List<String>> perChoice = new LinkedHashMap<>();
      for (JsonNode chunk : chunks.subList(0, chunks.size() - 1)) {
        assertThat(chunk.get("usage").isNull()).isTrue();
        assertThat(chunk.get("choices")).hasSize(1);
        JsonNode choice = chunk.at("/choices/0");
        perChoice
            .computeIfAbsent(choice.get("index").asInt(), index -> new ArrayList<>())
            .add(choice.get("delta") + " " + choice.get("finish_reason"));
      }
      List<String> expected =
          List.of(
              "{\"role\":\"assistant\",\"content\":\"\"} null",
              "{\"content\":\"Да\"} null",
              "{\"content\":\" 🫖\"} null",
              "{\"content\":\"!\"} null",
              "{} \"stop\"");
      assertThat(perChoice).containsOnlyKeys(0, 1);
      assertThat(perChoice.get(0)).isEqualTo(expected);
      assertThat(perChoice.get(1)).isEqualTo(expected);
    }
  }

  @Test
  void sendsLogprobsWithTheirTextAndHeldBackOnesWithTheNextChunk() throws Exception {
    try (TestServer server = TestServer.ready()) {
      server.engine.script(FakeEngine.Script.reply(FinishReason.STOP, "Hi", "", "!", ""));
      String body = STREAM + ",\"logprobs\":true,\"top_logprobs\":1}";

      List<String> events = events(server.post("/v1/chat/completions", body).body());

      assertThat(events).hasSize(5).last().isEqualTo("[DONE]");
      List<JsonNode> chunks = parse(events.subList(0, 4));

      assertThat(chunks.get(0).at("/choices/0/logprobs").isNull()).isTrue();
      assertThat(chunks.get(1).at("/choices/0/delta/content").asText()).isEqualTo("Hi");
      assertThat(chunks.get(1).at("/choices/0/logprobs"))
          .isEqualTo(Json.MAPPER.readTree("{\"content\":[" + entry("Hi", 72, 105) + "]}"));
      // The empty delta's token rides with the next text; the last one with the finish chunk.
      assertThat(chunks.get(2).at("/choices/0/delta/content").asText()).isEqualTo("!");
      assertThat(chunks.get(2).at("/choices/0/logprobs"))
          .isEqualTo(
              Json.MAPPER.readTree("{\"content\":[" + entry("") + "," + entry("!", 33) + "]}"));
      assertThat(chunks.get(3).at("/choices/0/finish_reason").asText()).isEqualTo("stop");
      assertThat(chunks.get(3).at("/choices/0/logprobs"))
          .isEqualTo(Json.MAPPER.readTree("{\"content\":[" + entry("") + "]}"));
    }
  }

  /** A logprob entry the fake engine makes for one delta, with one alternative. */
  static String entry(String token, int... bytes) {
    StringBuilder list = new StringBuilder();
    for (int b : bytes) {
      list.append(list.isEmpty() ? "" : ",").append(b);
    }
    return "{\"token\":\""
        + token
        + "\",\"logprob\":-0.5,\"bytes\":["
        + list
        + "],\"top_logprobs\":[{\"token\":\"alt0\",\"logprob\":-1.0,"
        + "\"bytes\":[97,108,116,48]}]}";
  }

  @Test
  void sendsAnEmojiAndCyrillicUnsplitInOneEvent() throws Exception {
    try (TestServer server = TestServer.ready()) {
      server.engine.script(FakeEngine.Script.reply(FinishReason.STOP, "чай 🫖😀", "ё"));

      HttpResponse<String> response = server.post("/v1/chat/completions", STREAM + "}");

      List<JsonNode> chunks = parse(events(response.body()).subList(0, 4));
      assertThat(chunks.get(1).at("/choices/0/delta/content").asText()).isEqualTo("чай 🫖😀");
      assertThat(chunks.get(2).at("/choices/0/delta/content").asText()).isEqualTo("ё");
      assertThat(response.body()).doesNotContain("\\u").doesNotContain("\uFFFD");
    }
  }
}
