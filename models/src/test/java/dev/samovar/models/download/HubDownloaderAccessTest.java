package dev.samovar.models.download;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Downloads the hub refuses or cannot serve: gated repositories, tokens, missing files, an
 * unreachable hub; each message says what to do.
 */
class HubDownloaderAccessTest extends HubDownloadFixture {
  @Test
  void gatedRepositoryWithoutATokenSaysHowToSetOne() {
    hub.host(FILE, tiny);
    hub.requireToken("hf_secret");

    assertThatThrownBy(this::download)
        .isInstanceOf(DownloadException.class)
        .hasMessage(
            "HTTP 401 from "
                + resolveUrl()
                + ": ruslandev/llama-3-8b-gpt-4o-ru1.0-gguf is gated or private; accept its terms"
                + " at "
                + hub.endpoint()
                + "/ruslandev/llama-3-8b-gpt-4o-ru1.0-gguf and set HF_TOKEN=hf_... to an access"
                + " token of that account ("
                + hub.endpoint()
                + "/settings/tokens)");
  }

  @Test
  void aTokenWithoutAccessIsNamed() {
    hub.host(FILE, tiny);
    hub.requireToken("hf_secret");

    assertThatThrownBy(
            () ->
                downloader(FAST, Optional.of("hf_other"))
                    .download(FILE, Optional.empty(), target()))
        .isInstanceOf(DownloadException.class)
        .hasMessageStartingWith(
            "HTTP 403 from "
                + resolveUrl()
                + ": the token in HF_TOKEN has no access to ruslandev/llama-3-8b-gpt-4o-ru1.0-gguf;"
                + " accept its terms at ");
  }

  @Test
  void sendsTheTokenToTheHubButNotToTheCdn() throws IOException {
    hub.host(FILE, tiny);
    hub.requireToken("hf_secret");

    downloader(FAST, Optional.of("hf_secret")).download(FILE, Optional.empty(), target());

    assertThat(Files.readAllBytes(target())).isEqualTo(tiny);
    assertThat(hub.requests())
        .extracting(FakeHub.Request::host, FakeHub.Request::authorization)
        .containsExactly(tuple("127.0.0.1", "Bearer hf_secret"), tuple("localhost", null));
  }

  @Test
  void missingFileIs404() {
    assertThatThrownBy(this::download)
        .isInstanceOf(DownloadException.class)
        .hasMessage(
            "HTTP 404 from "
                + resolveUrl()
                + ": no file ggml-model-Q4_K_M.gguf at revision main of"
                + " ruslandev/llama-3-8b-gpt-4o-ru1.0-gguf (is the repository, revision or file"
                + " name wrong?)");
  }

  @Test
  void unreachableHubSaysHowToUseALocalFile() throws IOException {
    int closed;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closed = socket.getLocalPort();
    }
    HubDownloader refused =
        new HubDownloader(
            new HubSettings(URI.create("http://127.0.0.1:" + closed), Optional.empty()),
            DownloadProgress.silent(),
            FAST);
    HubDownloader unknown =
        new HubDownloader(
            new HubSettings(URI.create("https://no-such-host.invalid"), Optional.empty()),
            DownloadProgress.silent(),
            FAST);

    assertThatThrownBy(() -> refused.download(FILE, Optional.empty(), target()))
        .isInstanceOf(DownloadException.class)
        .hasMessage(
            "cannot reach http://127.0.0.1:"
                + closed
                + " (connection refused); check the network or HF_ENDPOINT, or download the file"
                + " another way and pass --model PATH.gguf");
    assertThatThrownBy(() -> unknown.download(FILE, Optional.empty(), target()))
        .isInstanceOf(DownloadException.class)
        .hasMessage(
            "cannot reach https://no-such-host.invalid (unknown host); check the network or"
                + " HF_ENDPOINT, or download the file another way and pass --model PATH.gguf");
  }
}
