package dev.samovar.server.http;

import static dev.samovar.server.http.TestServer.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.samovar.server.api.Json;
import java.net.http.HttpResponse;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ModelsAndHealthTest {
  private static final String LOADING =
      "{\"error\":{\"message\":\"model is loading\",\"type\":\"server_error\","
          + "\"param\":null,\"code\":null}}";

  @Test
  void listsTheModelIdAndItsAliases() throws Exception {
    long before = Instant.now().getEpochSecond();
    try (TestServer server = TestServer.ready()) {
      HttpResponse<String> response = server.get("/v1/models");

      assertThat(response.statusCode()).isEqualTo(200);
      JsonNode body = json(response);
      JsonNode created = body.at("/data/0/created");
      assertThat(created.asLong()).isBetween(before, Instant.now().getEpochSecond());
      ObjectNode expected =
          (ObjectNode)
              Json.MAPPER.readTree(
                  """
                  {"object":"list","data":[
                    {"id":"fake","object":"model","created":0,"owned_by":"samovar"},
                    {"id":"fake-alias","object":"model","created":0,"owned_by":"samovar"}]}
                  """);
      expected.withArray("data").forEach(model -> ((ObjectNode) model).set("created", created));
      assertThat(body).isEqualTo(expected);
    }
  }

  @Test
  void retrievesEachServedModelAndRefusesOthers() throws Exception {
    try (TestServer server = TestServer.ready()) {
      JsonNode list = json(server.get("/v1/models"));

      for (int i = 0; i < 2; i++) {
        JsonNode model = list.at("/data/" + i);
        HttpResponse<String> response = server.get("/v1/models/" + model.get("id").asText());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(json(response)).isEqualTo(model);
      }
      for (String unknown : new String[] {"gpt-4o", "..%2F..%2Fetc%2Fpasswd", "org/fake"}) {
        HttpResponse<String> response = server.get("/v1/models/" + unknown);
        assertThat(response.statusCode()).as(unknown).isEqualTo(404);
        assertThat(json(response).at("/error/code").asText()).isEqualTo("model_not_found");
      }
    }
  }

  @Test
  void showsIdleSlotsAndTheQueueCapacity() throws Exception {
    try (TestServer server = TestServer.ready(ServerSettings.DEFAULTS.withQueueSize(3), 2)) {
      HttpResponse<String> response = server.get("/slots");

      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(json(response))
          .isEqualTo(
              Json.MAPPER.readTree(
                  """
                  {"slots":[{"id":0,"state":"idle","cached_tokens":0,"request_id":null},
                            {"id":1,"state":"idle","cached_tokens":0,"request_id":null}],
                   "queue":{"waiting":0,"capacity":3},
                   "host_cache":{"entries":0,"bytes":0}}
                  """));
    }
  }

  @Test
  void healthIsOkOnceLoaded() throws Exception {
    try (TestServer server = TestServer.ready()) {
      HttpResponse<String> response = server.get("/health");

      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(response.body()).isEqualTo("{\"status\":\"ok\"}");
    }
  }

  @Test
  void answers503WhileTheModelLoadsThenServes() throws Exception {
    try (TestServer server = TestServer.loading(ServerSettings.DEFAULTS)) {
      HttpResponse<String> health = server.get("/health");
      assertThat(health.statusCode()).isEqualTo(200);
      assertThat(health.body()).isEqualTo("{\"status\":\"ok\"}");
      for (String path : new String[] {"/ready", "/v1/models", "/v1/models/fake", "/slots"}) {
        HttpResponse<String> response = server.get(path);
        assertThat(response.statusCode()).as(path).isEqualTo(503);
        assertThat(json(response)).isEqualTo(Json.MAPPER.readTree(LOADING));
      }
      for (String path : new String[] {"/v1/completions", "/tokenize", "/detokenize"}) {
        HttpResponse<String> response = server.post(path, "{}");
        assertThat(response.statusCode()).as(path).isEqualTo(503);
        assertThat(json(response)).isEqualTo(Json.MAPPER.readTree(LOADING));
      }
      for (String body :
          new String[] {
            "{\"model\":\"fake\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}", "{oops"
          }) {
        HttpResponse<String> chat = server.post("/v1/chat/completions", body);
        assertThat(chat.statusCode()).isEqualTo(503);
        assertThat(json(chat)).isEqualTo(Json.MAPPER.readTree(LOADING));
      }

      server.model.ready(server.engine);

      HttpResponse<String> ready = server.get("/ready");
      assertThat(ready.statusCode()).isEqualTo(200);
      assertThat(ready.body()).isEqualTo("{\"status\":\"ready\"}");
      assertThat(server.get("/v1/models").statusCode()).isEqualTo(200);
      assertThat(
              server
                  .post(
                      "/v1/chat/completions",
                      "{\"model\":\"fake\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}")
                  .statusCode())
          .isEqualTo(200);
    }
  }
}
