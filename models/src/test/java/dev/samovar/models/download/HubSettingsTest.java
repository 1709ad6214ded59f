package dev.samovar.models.download;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.samovar.models.catalog.HubFile;
import java.net.URI;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class HubSettingsTest {
  private static final HubFile FILE =
      new HubFile("ruslandev/llama-3-8b-gpt-4o-ru1.0-gguf", "main", "ggml-model-Q4_K_M.gguf");

  @Test
  void defaultsToTheHubWithoutAToken() {
    HubSettings settings = HubSettings.fromEnvironment(Map.of());

    assertThat(settings).isEqualTo(new HubSettings(HubSettings.DEFAULT_ENDPOINT, Optional.empty()));
    assertThat(settings.resolveUrl(FILE))
        .hasToString(
            "https://huggingface.co/ruslandev/llama-3-8b-gpt-4o-ru1.0-gguf/resolve/main/"
                + "ggml-model-Q4_K_M.gguf");
  }

  @Test
  void readsHfEndpointAndHfToken() {
    HubSettings settings =
        HubSettings.fromEnvironment(
            Map.of("HF_ENDPOINT", "https://hf-mirror.example/base/", "HF_TOKEN", " hf_abc \n"));

    assertThat(settings.endpoint()).hasToString("https://hf-mirror.example/base");
    assertThat(settings.token()).contains("hf_abc");
    assertThat(settings.resolveUrl(new HubFile("o/r", "refs/pr/1", "sub dir/f+1.gguf")))
        .hasToString(
            "https://hf-mirror.example/base/o/r/resolve/refs%2Fpr%2F1/sub%20dir/f%2B1.gguf");
  }

  @Test
  void aBlankTokenIsNoToken() {
    assertThat(HubSettings.fromEnvironment(Map.of("HF_TOKEN", "  ")).token()).isEmpty();
  }

  @Test
  void refusesAnEndpointThatIsNotAnHttpUrl() {
    assertThatThrownBy(() -> HubSettings.fromEnvironment(Map.of("HF_ENDPOINT", "ftp://x")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "HF_ENDPOINT: the hub endpoint must be an http(s) URL without query, such as"
                + " https://huggingface.co: ftp://x");
    assertThatThrownBy(() -> HubSettings.fromEnvironment(Map.of("HF_ENDPOINT", "huggingface.co")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("HF_ENDPOINT: the hub endpoint must be an http(s) URL");
    assertThatThrownBy(() -> HubSettings.fromEnvironment(Map.of("HF_ENDPOINT", "http://a b")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("HF_ENDPOINT is not a URL: http://a b (Illegal character");
  }

  @Test
  void theTokenGoesToTheEndpointsOriginOnly() {
    HubSettings settings = new HubSettings(URI.create("https://huggingface.co"), Optional.empty());

    assertThat(settings.sameOrigin(URI.create("https://huggingface.co:443/x"))).isTrue();
    assertThat(settings.sameOrigin(URI.create("https://cdn-lfs.huggingface.co/x"))).isFalse();
    assertThat(settings.sameOrigin(URI.create("http://huggingface.co/x"))).isFalse();
    assertThat(settings.sameOrigin(URI.create("https://huggingface.co:8443/x"))).isFalse();
  }
}
