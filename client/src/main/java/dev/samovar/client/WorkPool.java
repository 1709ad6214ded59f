package dev.samovar.client;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs tasks with at most {@code parallel} at once. A task whose call failed is recorded and the
 * others go on; a fatal call failure (wrong key, URL or model) or any other exception stops the
 * tasks that have not started yet.
 */
public final class WorkPool {
  /** One unit of work that calls an endpoint. */
  @FunctionalInterface
  public interface Job {
    void run() throws ChatCallException, InterruptedException;
  }

  /** A job and what to call it in messages. */
  public record Task(String label, Job job) {}

  /** What went wrong: failed tasks ("label: message") and the reason the run stopped, if it did. */
  public record Result(List<String> failures, Optional<String> stopped) {}

  private WorkPool() {}

  /** Runs {@code tasks}, at most {@code parallel} at once, and waits for them all. */
  public static Result run(List<Task> tasks, int parallel) throws InterruptedException {
    AtomicBoolean stop = new AtomicBoolean();
    AtomicReference<String> fatal = new AtomicReference<>();
    List<String> failures = Collections.synchronizedList(new ArrayList<>());
    ExecutorService pool =
        Executors.newFixedThreadPool(
            parallel, Thread.ofPlatform().name("chat-worker-", 1).factory());
    RuntimeException unexpected = null;
    try {
      List<Future<?>> futures = new ArrayList<>(tasks.size());
      for (Task task : tasks) {
        futures.add(
            pool.submit(
                () -> {
                  if (stop.get()) {
                    return null;
                  }
                  try {
                    task.job().run();
                  } catch (ChatCallException e) {
                    if (e.fatal()) {
                      stop.set(true);
                      fatal.compareAndSet(null, task.label() + ": " + e.getMessage());
                    } else {
                      failures.add(task.label() + ": " + e.getMessage());
                    }
                  } catch (RuntimeException e) {
                    stop.set(true);
                    throw e;
                  }
                  return null;
                }));
      }
      for (Future<?> future : futures) {
        try {
          future.get();
        } catch (ExecutionException e) {
          if (unexpected == null && e.getCause() instanceof RuntimeException cause) {
            unexpected = cause;
          } else if (unexpected == null) {
            unexpected = new IllegalStateException(e.getCause());
          }
        }
      }
    } finally {
      pool.shutdownNow();
    }
    if (unexpected != null) {
      throw unexpected;
    }
    return new Result(List.copyOf(failures), Optional.ofNullable(fatal.get()));
  }
}
