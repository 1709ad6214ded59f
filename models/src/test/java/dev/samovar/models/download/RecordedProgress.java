package dev.samovar.models.download;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A {@link DownloadProgress} that keeps what it hears, in order, for tests to check. */
final class RecordedProgress implements DownloadProgress {
  /** One call the downloader made. */
  sealed interface Event {}

  /** {@link #started}. */
  record Started(String name, long total, long resumedAt) implements Event {}

  /** {@link #advanced}, with when it came ({@link System#nanoTime}). */
  record Advanced(long done, long nanos) implements Event {}

  /** {@link #finished}. */
  record Finished(long done) implements Event {}

  private final List<Event> events = new CopyOnWriteArrayList<>();

  @Override
  public void started(String name, long total, long resumedAt) {
    events.add(new Started(name, total, resumedAt));
  }

  @Override
  public void advanced(long done) {
    events.add(new Advanced(done, System.nanoTime()));
  }

  @Override
  public void finished(long done) {
    events.add(new Finished(done));
  }

  /** Everything heard so far, in order. */
  List<Event> events() {
    return List.copyOf(events);
  }

  /** The {@link Advanced} events, in order. */
  List<Advanced> advances() {
    return events.stream().filter(Advanced.class::isInstance).map(Advanced.class::cast).toList();
  }

  /** The bytes on disk after each {@link Advanced} event, in order. */
  List<Long> advancedTo() {
    return advances().stream().map(Advanced::done).toList();
  }
}
