package dev.samovar.server.ops;

import dev.samovar.engine.EngineStoppedException;
import dev.samovar.engine.InferenceEngine;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Looks at an engine every so often and reports, once, that its thread stopped on an error ({@link
 * InferenceEngine#failure}), so that the process can end and a supervisor replace it.
 */
public final class EngineWatch {
  private EngineWatch() {}

  /**
   * Starts a daemon thread that checks {@code engine} every {@code period} and calls {@code onStop}
   * once it has stopped; interrupting the thread ends the watch.
   */
  public static Thread start(
      InferenceEngine engine, Duration period, Consumer<EngineStoppedException> onStop) {
    return Thread.ofPlatform()
        .daemon()
        .name("samovar-engine-watch")
        .start(
            () -> {
              try {
                while (true) {
                  Optional<EngineStoppedException> failure = engine.failure();
                  if (failure.isPresent()) {
                    onStop.accept(failure.get());
                    return;
                  }
                  Thread.sleep(period);
                }
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            });
  }
}
