package dev.samovar.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The chat page and every script and style it names are served from the jar, also while loading.
 */
class ChatPageFilesTest {
  private static final Pattern ASSET = Pattern.compile("(?:src|href)=\"(/[^\"]+)\"");

  @Test
  void servesThePageAndEveryAssetItNamesFromTheJar() throws Exception {
    try (TestServer server = TestServer.ready()) {
      HttpResponse<String> page = server.get("/");

      assertThat(page.statusCode()).isEqualTo(200);
      assertThat(page.headers().firstValue("Content-Type"))
          .hasValueSatisfying(type -> assertThat(type).startsWith("text/html"));
      List<String> assets = ASSET.matcher(page.body()).results().map(m -> m.group(1)).toList();
      assertThat(assets)
          .containsExactly(
              "/webjars/highlightjs/11.10.0/styles/github.min.css",
              "/style.css",
              "/webjars/marked/15.0.12/marked.min.js",
              "/webjars/dompurify/3.2.6/dist/purify.min.js",
              "/webjars/highlightjs/11.10.0/highlight.min.js",
              "/i18n.js",
              "/app.js");
      for (String asset : assets) {
        HttpResponse<String> response = server.get(asset);
        assertThat(response.statusCode()).as(asset).isEqualTo(200);
        assertThat(response.body()).as(asset).hasSizeGreaterThan(1000);
      }
    }
  }

  @Test
  void servesThePageWhileTheModelLoads() throws Exception {
    try (TestServer server = TestServer.loading(ServerSettings.DEFAULTS)) {
      HttpResponse<String> page = server.get("/");

      assertThat(page.statusCode()).isEqualTo(200);
      Matcher title = Pattern.compile("<title>(.*)</title>").matcher(page.body());
      assertThat(title.find()).isTrue();
      assertThat(title.group(1)).isEqualTo("samovar");
      assertThat(server.get("/ready").statusCode()).isEqualTo(503);
      assertThat(server.get("/health").statusCode()).isEqualTo(200);
    }
  }
}
