package dev.samovar.models.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.samovar.models.catalog.HubFile;
import dev.samovar.models.catalog.ModelCatalog;
import dev.samovar.models.download.DownloadProgress;
import dev.samovar.models.download.FakeHub;
import dev.samovar.models.download.HubDownloader;
import dev.samovar.models.download.HubSettings;
import dev.samovar.models.download.Sha256;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelResolverTest {
  private static final ModelCatalog CATALOG = ModelCatalog.builtIn();
  private static final String REPO = "ruslandev/llama-3-8b-gpt-4o-ru1.0-gguf";

  @TempDir Path dir;

  private ModelStore store() {
    return new ModelStore(dir.resolve("models"));
  }

  private ModelResolver offline() {
    return new ModelResolver(store(), Optional.empty());
  }

  private ModelResolver online(FakeHub hub) {
    return new ModelResolver(
        store(),
        Optional.of(
            new HubDownloader(
                new HubSettings(URI.create(hub.endpoint()), Optional.empty()),
                DownloadProgress.silent(),
                HubDownloader.Options.DEFAULTS)));
  }

  @Test
  void writesTheTinyModelOnceIntoTheStore() throws IOException {
    ResolvedModel tiny = offline().resolve(CATALOG.reference("tiny"));

    Path expected = dir.resolve("models/tiny.gguf");
    assertThat(tiny).isEqualTo(new ResolvedModel(expected, "tiny"));
    assertThat(Files.readAllBytes(expected)).startsWith('G', 'G', 'U', 'F');
    Files.writeString(expected, "kept");
    assertThat(offline().resolve(CATALOG.reference("tiny"))).isEqualTo(tiny);
    assertThat(expected).hasContent("kept");
  }

  @Test
  void aCachedCatalogModelNeedsNoNetwork() throws IOException {
    Path cached = dir.resolve("models/" + REPO + "/ggml-model-Q8_0.gguf");
    Files.createDirectories(cached.getParent());
    Files.writeString(cached, "cached");

    assertThat(offline().resolve(CATALOG.reference("ru-llama3-8b:Q8_0")))
        .isEqualTo(new ResolvedModel(cached, "ru-llama3-8b:Q8_0"));
  }

  @Test
  void offlineSaysHowToGetAMissingModel() {
    assertThatThrownBy(() -> offline().resolve(CATALOG.reference("ru-llama3-8b:Q4_K_M")))
        .isInstanceOf(ModelUnavailableException.class)
        .hasMessage(
            "ru-llama3-8b:Q4_K_M is not downloaded ("
                + dir.resolve("models/" + REPO + "/ggml-model-Q4_K_M.gguf")
                + " is missing) and offline mode forbids the network; run 'samovar models pull"
                + " ru-llama3-8b:Q4_K_M' while online, or pass --model PATH.gguf");
  }

  @Test
  void resolvingWhatIsCachedNeverDownloads() {
    try (FakeHub hub = FakeHub.start()) {
      hub.host(new HubFile(REPO, "main", "ggml-model-Q2_K.gguf"), "GGUF q2".getBytes());

      assertThatThrownBy(() -> online(hub).resolveCached(CATALOG.reference("ru-llama3-8b:Q2_K")))
          .isInstanceOf(ModelUnavailableException.class)
          .hasMessage(
              "ru-llama3-8b:Q2_K is not downloaded ("
                  + dir.resolve("models/" + REPO + "/ggml-model-Q2_K.gguf")
                  + " is missing); run 'samovar models pull ru-llama3-8b:Q2_K' first");
      assertThat(hub.requests()).isEmpty();
      assertThat(online(hub).resolveCached(CATALOG.reference("tiny")).id()).isEqualTo("tiny");
    }
  }

  @Test
  void downloadsAMissingCatalogModelAndServesItUnderItsId() throws IOException {
    try (FakeHub hub = FakeHub.start()) {
      String sha =
          hub.host(new HubFile(REPO, "main", "ggml-model-Q2_K.gguf"), "GGUF q2".getBytes());

      ResolvedModel model = online(hub).resolve(CATALOG.reference("ru-llama3-8b:Q2_K"));

      Path expected = dir.resolve("models/" + REPO + "/ggml-model-Q2_K.gguf");
      assertThat(model).isEqualTo(new ResolvedModel(expected, "ru-llama3-8b:Q2_K"));
      assertThat(expected).hasContent("GGUF q2");
      assertThat(Sha256.recorded(expected)).contains(sha);
      assertThat(online(hub).resolve(CATALOG.reference("ru-llama3-8b:Q2_K"))).isEqualTo(model);
      assertThat(hub.transfers()).hasSize(1);
    }
  }

  @Test
  void aHubFileIsServedUnderItsFileName() {
    try (FakeHub hub = FakeHub.start()) {
      hub.host(new HubFile("someone/model-gguf", "main", "q/model.Q5_K.gguf"), "GGUF".getBytes());

      ResolvedModel model =
          online(hub).resolve(CATALOG.reference("hf://someone/model-gguf/q/model.Q5_K.gguf"));

      assertThat(model)
          .isEqualTo(
              new ResolvedModel(
                  dir.resolve("models/someone/model-gguf/q/model.Q5_K.gguf"), "model.Q5_K"));
    }
  }

  @Test
  void aLocalFileIsServedAsItIs() throws IOException {
    Path file = Files.writeString(dir.resolve("Saiga-8B.Q4_K_M.gguf"), "x");
    Path other = Files.writeString(dir.resolve("weights.bin"), "x");

    assertThat(offline().resolve(CATALOG.reference(file.toString())))
        .isEqualTo(new ResolvedModel(file, "Saiga-8B.Q4_K_M"));
    assertThat(offline().resolve(CATALOG.reference(other.toString())).id())
        .isEqualTo("weights.bin");
    assertThat(ModelResolver.servedId(".gguf")).isEqualTo(".gguf");
  }

  @Test
  void aMissingLocalFileIsAUsageError() {
    Path missing = dir.resolve("missing.gguf");

    assertThatThrownBy(() -> offline().resolve(CATALOG.reference(missing.toString())))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "no readable model file at "
                + missing
                + "; pass a catalog id (samovar models list), hf://owner/repo/file.gguf or"
                + " PATH.gguf");
    assertThatThrownBy(() -> offline().resolve(CATALOG.reference(dir.toString())))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void theStoreKnowsWhatIsThereAndRemovesItAll() throws IOException {
    ModelStore store = store();
    Path model = store.location(CATALOG.find("ru-llama3-8b:Q4_K_M").orElseThrow());
    Path part = HubDownloader.partialFile(model, "ab".repeat(32));
    Files.createDirectories(model.getParent());

    assertThat(store.state(model)).isEqualTo(new ModelStore.State(false, 0));
    Files.write(part, new byte[1234]);
    assertThat(store.state(model)).isEqualTo(new ModelStore.State(false, 1234));
    Files.writeString(model, "model");
    Sha256.record(model, "ab".repeat(32));
    assertThat(store.state(model)).isEqualTo(new ModelStore.State(true, 5));

    assertThat(store.remove(model))
        .containsExactlyInAnyOrder(model, Sha256.checksumFile(model), part);
    assertThat(store.remove(model)).isEmpty();
    assertThat(store.location(CATALOG.find("tiny").orElseThrow()))
        .isEqualTo(dir.resolve("models/tiny.gguf"));
    assertThat(List.of(model.getParent().toFile().list())).isEmpty();
  }
}
