package dev.samovar.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.samovar.models.catalog.HubFile;
import dev.samovar.models.download.FakeHub;
import dev.samovar.models.tiny.TinyModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/**
 * The base of the {@code samovar models ...} tests: a local fake hub per test, a cache folder of
 * its own, and the bytes of the tiny model to host.
 */
abstract class ModelsCommandFixture {
  static final String REPO = "ruslandev/llama-3-8b-gpt-4o-ru1.0-gguf";
  static final HubFile Q4 = new HubFile(REPO, "main", "ggml-model-Q4_K_M.gguf");
  static final String NL = System.lineSeparator();

  static byte[] tiny;
  static String tinySha;

  @TempDir Path dir;
  final FakeHub hub = FakeHub.start();

  /** The environment of the runs; {@code XDG_CACHE_HOME} and {@code HF_ENDPOINT} unless set. */
  final Map<String, String> env = new HashMap<>();

  @BeforeAll
  static void writeTiny(@TempDir Path tmp) throws IOException {
    Path model = tmp.resolve("tiny.gguf");
    TinyModel.write(model);
    tiny = Files.readAllBytes(model);
    tinySha = FakeHub.sha256(tiny);
  }

  @AfterEach
  void stop() {
    hub.close();
  }

  CliRun run(String... args) {
    env.putIfAbsent("XDG_CACHE_HOME", dir.toString());
    env.putIfAbsent("HF_ENDPOINT", hub.endpoint());
    return CliRun.of(env, args);
  }

  Path models() {
    return dir.resolve("samovar/models");
  }

  Path q4Path() {
    return models().resolve(REPO).resolve("ggml-model-Q4_K_M.gguf");
  }

  static void assertOneLineFailure(CliRun run, int exitCode, String line) {
    assertThat(run.exitCode()).isEqualTo(exitCode);
    assertThat(run.err()).isEqualTo(line + NL);
  }
}
