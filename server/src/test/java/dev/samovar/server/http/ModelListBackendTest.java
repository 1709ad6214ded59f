package dev.samovar.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.samovar.engine.Backend;
import dev.samovar.engine.BackendInfo;
import dev.samovar.engine.GpuDevice;
import dev.samovar.server.api.Json;
import dev.samovar.server.api.ModelList;
import io.javalin.Javalin;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;

class ModelListBackendTest {

  @Test
  void eachModelReportsTheBackendItsLayersAndTheGpus() throws Exception {
    BackendInfo backend =
        new BackendInfo(
            Backend.CUDA,
            "asked",
            List.of(
                new GpuDevice(
                    0, "CUDA0", "NVIDIA H100 80GB HBM3", 80_000_000_000L, 85_000_000_000L),
                new GpuDevice(
                    1, "CUDA1", "NVIDIA H100 80GB HBM3", 81_000_000_000L, 85_000_000_000L)),
            33);
    assertThat(Json.MAPPER.writeValueAsString(ModelList.of(List.of("m"), 7, backend)))
        .isEqualTo(
            "{\"object\":\"list\",\"data\":[{\"id\":\"m\",\"object\":\"model\",\"created\":7,"
                + "\"owned_by\":\"samovar\",\"backend\":\"cuda\",\"gpu_layers\":33,\"devices\":["
                + "{\"index\":0,\"name\":\"CUDA0\",\"description\":\"NVIDIA H100 80GB HBM3\","
                + "\"memory_free\":80000000000,\"memory_total\":85000000000},"
                + "{\"index\":1,\"name\":\"CUDA1\",\"description\":\"NVIDIA H100 80GB HBM3\","
                + "\"memory_free\":81000000000,\"memory_total\":85000000000}]}]}");
  }

  @Test
  void theCpuBackendHasNoDevicesAndAnUnknownBackendNoFields() throws Exception {
    BackendInfo cpu = new BackendInfo(Backend.CPU, "asked", List.of(), 0);
    assertThat(Json.MAPPER.writeValueAsString(ModelList.Model.of("m", 7, cpu)))
        .isEqualTo(
            "{\"id\":\"m\",\"object\":\"model\",\"created\":7,\"owned_by\":\"samovar\","
                + "\"backend\":\"cpu\",\"gpu_layers\":0,\"devices\":[]}");
    assertThat(Json.MAPPER.writeValueAsString(ModelList.Model.of("m", 7)))
        .isEqualTo("{\"id\":\"m\",\"object\":\"model\",\"created\":7,\"owned_by\":\"samovar\"}");
  }

  @Test
  void theServerAnswersWithTheBackendItWasGiven() throws Exception {
    ServedModel model = new ServedModel("m", List.of());
    model.ready(new FakeEngine(), new BackendInfo(Backend.CPU, "asked", List.of(), 0));
    Javalin app = OpenAiServer.create(model, ServerSettings.DEFAULTS).start("127.0.0.1", 0);
    try (HttpClient client = HttpClient.newHttpClient()) {
      for (String path : List.of("/v1/models", "/v1/models/m")) {
        HttpResponse<String> response =
            client.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
        JsonNode body = Json.MAPPER.readTree(response.body());
        JsonNode entry = path.endsWith("models") ? body.at("/data/0") : body;
        assertThat(entry.get("backend").asText()).as(path).isEqualTo("cpu");
        assertThat(entry.get("gpu_layers").asInt()).as(path).isZero();
        assertThat(entry.get("devices")).as(path).isEmpty();
      }
    } finally {
      app.stop();
    }
  }
}
