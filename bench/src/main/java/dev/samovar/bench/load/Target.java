package dev.samovar.bench.load;

/**
 * Where the workload goes: an HTTP endpoint or the in-process engine. Thread-safe: many requests
 * are sent at once, each from its own thread.
 */
public interface Target extends AutoCloseable {
  /** What the target is, for reports: a URL or a model file. */
  String location();

  /** The model asked for. */
  String model();

  /**
   * Sends {@code request} and waits until it ends; a failure comes back as {@link Outcome.Failed},
   * never as an exception.
   */
  Outcome send(LoadRequest request) throws InterruptedException;

  @Override
  void close();
}
