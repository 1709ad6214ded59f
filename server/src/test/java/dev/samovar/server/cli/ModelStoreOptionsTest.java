package dev.samovar.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

class ModelStoreOptionsTest {
  @TempDir Path dir;

  @Command(name = "probe")
  static final class Probe implements Runnable {
    @Mixin ModelStoreOptions options;

    @Override
    public void run() {}
  }

  private static ModelStoreOptions parse(String... args) {
    Probe probe = new Probe();
    new CommandLine(probe).parseArgs(args);
    return probe.options;
  }

  @Test
  void usesHomeCacheWithoutAnAbsoluteXdgCacheHome() {
    Path home = Path.of(System.getProperty("user.home"), ".cache");

    assertThat(ModelStoreOptions.cacheDir(Map.of())).isEqualTo(home);
    assertThat(ModelStoreOptions.cacheDir(Map.of("XDG_CACHE_HOME", ""))).isEqualTo(home);
    assertThat(ModelStoreOptions.cacheDir(Map.of("XDG_CACHE_HOME", "relative/cache")))
        .isEqualTo(home);
    assertThat(ModelStoreOptions.cacheDir(Map.of("XDG_CACHE_HOME", dir.toString()))).isEqualTo(dir);
  }

  @Test
  void theStoreIsModelsDirOrSamovarModelsInTheCache() {
    Map<String, String> env = Map.of("XDG_CACHE_HOME", dir.toString());

    assertThat(parse().store(env).root()).isEqualTo(dir.resolve("samovar/models"));
    assertThat(parse("--models-dir", dir.resolve("elsewhere").toString()).store(env).root())
        .isEqualTo(dir.resolve("elsewhere"));
  }

  @Test
  void offlineByFlagOrHfHubOffline() {
    assertThat(parse().offline(Map.of())).isFalse();
    assertThat(parse("--offline").offline(Map.of())).isTrue();
    assertThat(parse().offline(Map.of("HF_HUB_OFFLINE", "1"))).isTrue();
    assertThat(parse().offline(Map.of("HF_HUB_OFFLINE", "True"))).isTrue();
    assertThat(parse().offline(Map.of("HF_HUB_OFFLINE", "0"))).isFalse();
  }
}
