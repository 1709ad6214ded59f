package dev.samovar.bench.mt.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.samovar.bench.BenchException;
import io.javalin.Javalin;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The downloader against a raw-file server on 127.0.0.1 and a free port. */
class DataCacheTest {
  private static final SourceFile FILE =
      new SourceFile(
          "lm-sys/FastChat",
          "587d5cfa1609a43d192cedb8441cac3c17db105d",
          "fastchat/llm_judge/data/mt_bench/question.jsonl");
  private static final String CONTENT = "{\"question_id\": 81}\n";

  @TempDir Path cacheDir;
  private final Map<String, byte[]> files = new ConcurrentHashMap<>();
  private final List<String> requests = new ArrayList<>();
  private final List<String> notes = new ArrayList<>();
  private Javalin server;

  @BeforeEach
  void start() {
    server =
        Javalin.create(
                config -> {
                  config.startup.showJavalinBanner = false;
                  config.startup.showOldJavalinVersionWarning = false;
                  config.routes.get(
                      "/*",
                      ctx -> {
                        synchronized (requests) {
                          requests.add(ctx.path());
                        }
                        byte[] body = files.get(ctx.path());
                        if (body == null) {
                          ctx.status(404).result("404: Not Found");
                        } else {
                          ctx.result(body);
                        }
                      });
                })
            .start("127.0.0.1", 0);
    files.put("/" + FILE.repository() + "/" + FILE.commit() + "/" + FILE.path(), bytes(CONTENT));
  }

  @AfterEach
  void stop() {
    server.stop();
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private DataCache cache() {
    return new DataCache(
        cacheDir, URI.create("http://127.0.0.1:" + server.port() + "/"), notes::add);
  }

  private Path cached() {
    return cacheDir.resolve(
        "lm-sys/FastChat/587d5cfa1609a43d192cedb8441cac3c17db105d/fastchat/llm_judge/data/mt_bench/question.jsonl");
  }

  @Test
  void downloadsOnceAndRecordsTheSha256() throws Exception {
    Path file = cache().fetch(FILE);

    assertThat(file).isEqualTo(cached()).hasContent(CONTENT);
    String sha256 = DataCache.sha256(bytes(CONTENT));
    assertThat(file.resolveSibling("question.jsonl.sha256"))
        .hasContent(sha256 + "  question.jsonl");
    assertThat(requests).hasSize(1);
    String url =
        "http://127.0.0.1:"
            + server.port()
            + "/"
            + FILE.repository()
            + "/"
            + FILE.commit()
            + "/"
            + FILE.path();
    assertThat(notes)
        .containsExactly("downloading " + url, "saved " + file + " (SHA-256 " + sha256 + ")");

    assertThat(cache().fetch(FILE)).isEqualTo(file);
    assertThat(requests).as("the second use reads the cache").hasSize(1);
  }

  @Test
  void aChangedCachedFileIsRefused() throws Exception {
    Path file = cache().fetch(FILE);
    Files.writeString(file, "{\"question_id\": 666}\n");

    assertThatThrownBy(() -> cache().fetch(FILE))
        .isInstanceOf(BenchException.class)
        .hasMessageStartingWith(file + " changed after it was downloaded from http://127.0.0.1:")
        .hasMessageContaining(
            ": its SHA-256 is "
                + DataCache.sha256(bytes("{\"question_id\": 666}\n"))
                + ", the first download's was "
                + DataCache.sha256(bytes(CONTENT)))
        .hasMessageEndingWith("; delete it to download it again");
  }

  @Test
  void aDownloadAgainMustMatchTheFirst() throws Exception {
    Path file = cache().fetch(FILE);
    Files.delete(file);
    files.put(
        "/" + FILE.repository() + "/" + FILE.commit() + "/" + FILE.path(),
        bytes("changed upstream\n"));

    assertThatThrownBy(() -> cache().fetch(FILE))
        .isInstanceOf(BenchException.class)
        .hasMessageContaining(
            " has SHA-256 "
                + DataCache.sha256(bytes("changed upstream\n"))
                + " now, but "
                + DataCache.sha256(bytes(CONTENT))
                + " at its first download");
    assertThat(file).doesNotExist();
  }

  @Test
  void aDeletedFileIsDownloadedAgainWhenItStillMatches() throws Exception {
    Path file = cache().fetch(FILE);
    Files.delete(file);

    assertThat(cache().fetch(FILE)).hasContent(CONTENT);
    assertThat(requests).hasSize(2);
  }

  @Test
  void aMissingFileFailsWithItsUrlAndStatus() {
    SourceFile missing = new SourceFile("lm-sys/FastChat", FILE.commit(), "nope.jsonl");

    assertThatThrownBy(() -> cache().fetch(missing))
        .isInstanceOf(BenchException.class)
        .hasMessage(
            "cannot download http://127.0.0.1:"
                + server.port()
                + "/lm-sys/FastChat/"
                + FILE.commit()
                + "/nope.jsonl: HTTP 404");
    assertThat(missing.cachePath(cacheDir)).doesNotExist();
  }

  @Test
  void anUnreachableServerSaysHowToWorkOffline() {
    DataCache offline = new DataCache(cacheDir, URI.create("http://127.0.0.1:1/"), notes::add);

    assertThatThrownBy(() -> offline.fetch(FILE))
        .isInstanceOf(BenchException.class)
        .hasMessageStartingWith("cannot download http://127.0.0.1:1/lm-sys/FastChat/")
        .hasMessageEndingWith(
            "; without network access pass local files (--questions, --judge-prompts, --reference)");
  }

  @Test
  void usesTheXdgCacheHome() {
    assertThat(DataCache.defaultDir(Map.of("XDG_CACHE_HOME", "/tmp/xdg")))
        .isEqualTo(Path.of("/tmp/xdg/samovar/mt-bench"));
    assertThat(DataCache.defaultDir(Map.of()))
        .isEqualTo(Path.of(System.getProperty("user.home"), ".cache", "samovar", "mt-bench"));
  }
}
