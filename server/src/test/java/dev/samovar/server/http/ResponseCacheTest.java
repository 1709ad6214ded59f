package dev.samovar.server.http;

import static dev.samovar.server.http.TestServer.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.samovar.engine.FinishReason;
import dev.samovar.server.api.Json;
import dev.samovar.server.ops.CacheSettings;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ResponseCacheTest {
  private static final CacheSettings ON = new CacheSettings(16, Duration.ofMinutes(1));
  private static final String GREEDY =
      "{\"model\":\"fake\",\"temperature\":0,\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]";

  private static HttpResponse<String> noCache(TestServer server, String body) throws Exception {
    return server.send(
        HttpRequest.newBuilder(server.uri("/v1/chat/completions"))
            .header("Cache-Control", "no-cache")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build());
  }

  /** The body without what differs between answers by design: id and creation time. */
  private static JsonNode content(HttpResponse<String> response) throws Exception {
    ObjectNode body = (ObjectNode) json(response);
    body.remove("id");
    body.remove("created");
    return body;
  }

  @Test
  void servesARepeatedDeterministicRequestFromTheCacheAsJsonAndAsAStream() throws Exception {
    try (TestServer server = TestServer.ready(ON)) {
      HttpResponse<String> first = server.post("/v1/chat/completions", GREEDY + "}");
      server.engine.script(FakeEngine.Script.reply(FinishReason.STOP, "other"));
      HttpResponse<String> second = server.post("/v1/chat/completions", GREEDY + "}");
      HttpResponse<String> stream =
          server.post("/v1/chat/completions", GREEDY + ",\"stream\":true}");
      server.engine.script(FakeEngine.Script.reply(FinishReason.STOP, "fresh"));
      HttpResponse<String> uncachedStream =
          noCache(server, GREEDY + ",\"stream\":true,\"seed\":1}");

      assertThat(server.engine.requests()).hasSize(2);
      assertThat(first.headers().firstValue("X-Samovar-Cache")).hasValue("miss");
      assertThat(second.headers().firstValue("X-Samovar-Cache")).hasValue("hit");
      assertThat(content(second)).isEqualTo(content(first));
      assertThat(json(second).at("/choices/0/message/content").asText()).isEqualTo("Hello wörld");
      assertThat(stream.headers().firstValue("X-Samovar-Cache")).hasValue("hit");
      assertThat(streamedText(stream.body())).isEqualTo("Hello wörld");
      assertThat(stream.body()).contains("\"finish_reason\":\"stop\"").endsWith("data: [DONE]\n\n");
      assertThat(streamedText(uncachedStream.body())).isEqualTo("fresh");
      Scrape scrape = Scrape.of(server);
      assertThat(scrape.value("samovar_response_cache_hits_total{model=\"fake\"}")).isEqualTo(2);
      assertThat(scrape.value("samovar_response_cache_misses_total{model=\"fake\"}")).isEqualTo(2);
    }
  }

  @Test
  void noCacheBypassesTheLookupAndDifferentParametersMiss() throws Exception {
    try (TestServer server = TestServer.ready(ON)) {
      server.post("/v1/chat/completions", GREEDY + "}");
      server.engine.script(FakeEngine.Script.reply(FinishReason.STOP, "fresh"));

      HttpResponse<String> bypassed = noCache(server, GREEDY + "}");
      HttpResponse<String> otherLimit =
          server.post("/v1/chat/completions", GREEDY + ",\"max_tokens\":3}");
      HttpResponse<String> otherModel =
          server.post("/v1/chat/completions", GREEDY.replace("\"fake\"", "\"fake-alias\"") + "}");

      assertThat(json(bypassed).at("/choices/0/message/content").asText()).isEqualTo("fresh");
      assertThat(otherLimit.headers().firstValue("X-Samovar-Cache")).hasValue("miss");
      assertThat(otherModel.headers().firstValue("X-Samovar-Cache")).hasValue("miss");
      assertThat(server.engine.requests()).hasSize(4);
    }
  }

  @Test
  void neverCachesRandomSamplingFailuresOrWhenOff() throws Exception {
    try (TestServer server = TestServer.ready(ON)) {
      String random =
          "{\"model\":\"fake\",\"temperature\":0.7,\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}";
      HttpResponse<String> first = server.post("/v1/chat/completions", random);
      server.post("/v1/chat/completions", random);
      server.engine.script(new FakeEngine.Script.Fail("partial", "decode failed"));
      assertThat(server.post("/v1/chat/completions", GREEDY + ",\"seed\":5}").statusCode())
          .isEqualTo(500);
      server.engine.script(FakeEngine.Script.reply(FinishReason.STOP, "ok"));
      server.post("/v1/chat/completions", GREEDY + ",\"seed\":5}");

      assertThat(first.headers().firstValue("X-Samovar-Cache")).isEmpty();
      assertThat(server.engine.requests()).hasSize(4);
    }
    try (TestServer off = TestServer.ready()) {
      off.post("/v1/chat/completions", GREEDY + "}");
      HttpResponse<String> again = off.post("/v1/chat/completions", GREEDY + "}");

      assertThat(again.headers().firstValue("X-Samovar-Cache")).isEmpty();
      assertThat(off.engine.requests()).hasSize(2);
    }
  }

  private static String streamedText(String body) throws Exception {
    StringBuilder text = new StringBuilder();
    for (String line : body.split("\n\n")) {
      if (line.startsWith("data: {")) {
        JsonNode content = Json.MAPPER.readTree(line.substring(6)).at("/choices/0/delta/content");
        text.append(content.isMissingNode() ? "" : content.asText());
      }
    }
    return text.toString();
  }
}
