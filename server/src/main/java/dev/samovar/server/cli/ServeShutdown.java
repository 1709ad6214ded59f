package dev.samovar.server.cli;

import dev.samovar.engine.InferenceEngine;
import dev.samovar.engine.InvalidSettingException;
import dev.samovar.server.ops.Drain;
import io.javalin.Javalin;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What SIGTERM or Ctrl-C does to {@code serve}, as a shutdown hook. Once the model serves: refuse
 * new generations, let those in flight finish within the grace period, cancel the rest, stop the
 * server, free the engine and end the process with the exit status (0, or 1 after the engine
 * stopped on an error). Before the model serves (a failed start exits with its own code) it only
 * stops the server.
 */
final class ServeShutdown {
  private static final Logger LOG = LoggerFactory.getLogger(ServeShutdown.class);
  private static final Duration CANCEL_WAIT = Duration.ofSeconds(5);
  private static final Duration LONGEST_GRACE = Duration.ofDays(7);

  private final Duration grace;
  private final AtomicReference<InferenceEngine> engine = new AtomicReference<>();
  private final CountDownLatch serving = new CountDownLatch(1);
  private final AtomicInteger exitStatus = new AtomicInteger();

  /**
   * @param grace how long generations in flight may finish
   * @throws InvalidSettingException when {@code grace} is negative or longer than a week
   */
  ServeShutdown(Duration grace) {
    InvalidSettingException.duration("shutdown-grace", grace, true, LONGEST_GRACE);
    this.grace = grace;
  }

  /** Installs the hook for {@code app} and the generations {@code drain} tracks. */
  void install(Javalin app, Drain drain) {
    Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(app, drain), "samovar-shutdown"));
  }

  /** The model serves on {@code loaded}: from now on a stop drains and exits. */
  void serving(InferenceEngine loaded) {
    engine.set(loaded);
    serving.countDown();
  }

  /** The status the process ends with after a stop. */
  void exitWith(int status) {
    exitStatus.set(status);
  }

  private void stop(Javalin app, Drain drain) {
    boolean graceful = serving.getCount() == 0;
    LOG.info("Stopping; {} requests in flight", drain.running());
    try {
      if (graceful && !drain.drain(grace)) {
        LOG.info("Grace period over; cancelling {} requests", drain.running());
        drain.cancelAll(CANCEL_WAIT);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    app.stop();
    InferenceEngine loaded = engine.get();
    if (loaded != null) {
      loaded.close();
    }
    if (graceful) {
      LOG.info("Stopped");
      Runtime.getRuntime().halt(exitStatus.get());
    }
  }
}
