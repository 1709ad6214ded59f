package dev.samovar.engine.llama;

import static dev.samovar.engine.llama.TinyEngines.greedy;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.samovar.engine.EngineStoppedException;
import dev.samovar.engine.InferenceEngine;
import dev.samovar.engine.Prompt;
import dev.samovar.engine.TextDelta;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An error the engine thread cannot recover from, injected through a sink that throws an {@link
 * Error} on the engine thread: the engine says why it stopped, fails what ran and waited, and
 * refuses new work.
 */
class EngineFailureIT {
  @TempDir Path dir;

  /**
   * Throws an Error from the engine thread at its first delta, once the test has queued its second
   * generation (else that submit could already find the engine stopped).
   */
  private static final class FatalSink extends CollectingSink {
    final CountDownLatch armed = new CountDownLatch(1);

    @Override
    public void onDelta(TextDelta delta) {
      try {
        armed.await(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      throw new StackOverflowError("injected into the engine thread");
    }
  }

  @Test
  void anErrorOnTheEngineThreadStopsTheEngineVisibly() throws Exception {
    try (InferenceEngine engine = TinyEngines.load(dir, 256, 1)) {
      assertThat(engine.failure()).isEmpty();
      FatalSink fatal = new FatalSink();
      CollectingSink waiting = new CollectingSink();
      engine.submit(greedy(Prompt.plain(" привет мир"), 8), fatal);
      engine.submit(greedy(Prompt.plain(" чай"), 8), waiting);
      fatal.armed.countDown();

      for (CollectingSink sink : new CollectingSink[] {fatal, waiting}) {
        assertThatThrownBy(() -> sink.result().get(30, TimeUnit.SECONDS))
            .isInstanceOf(ExecutionException.class)
            .cause()
            .isInstanceOf(EngineStoppedException.class)
            .hasMessage("the engine stopped: StackOverflowError: injected into the engine thread");
      }
      assertThat(engine.failure())
          .get()
          .extracting(Throwable::getMessage)
          .isEqualTo("the engine stopped: StackOverflowError: injected into the engine thread");
      assertThatThrownBy(() -> engine.submit(greedy(Prompt.plain(" мир"), 4), new CollectingSink()))
          .isInstanceOf(EngineStoppedException.class)
          .isSameAs(engine.failure().orElseThrow());
      assertThat(engine.status().slots()).allMatch(slot -> slot.requestId() == null);
    }
  }

  @Test
  void aNormalCloseIsNoFailure() {
    InferenceEngine engine = TinyEngines.load(dir, 256, 1);
    engine.close();
    assertThat(engine.failure()).isEmpty();
  }
}
