package dev.samovar.server.cli;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;

/** The base of the {@code samovar serve} tests: runs the command line with a cache of its own. */
abstract class ServeCommandFixture {
  @TempDir Path dir;

  CliRun run(String... args) {
    return run(Map.of(), args);
  }

  /** Runs {@code args} with {@code extraEnv} and {@code XDG_CACHE_HOME} set to {@link #dir}. */
  CliRun run(Map<String, String> extraEnv, String... args) {
    Map<String, String> env = new HashMap<>(extraEnv);
    env.put("XDG_CACHE_HOME", dir.toString());
    return CliRun.of(env, args);
  }
}
