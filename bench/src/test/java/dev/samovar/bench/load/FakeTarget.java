package dev.samovar.bench.load;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * A target in memory: records each request's user text, how many were in flight at once, and
 * answers with a completed one-chunk request (or what {@code answer} says).
 */
final class FakeTarget implements Target {
  private final String name;
  private final Function<LoadRequest, Outcome> answer;
  private final List<String> texts = new ArrayList<>();
  private final AtomicInteger inFlight = new AtomicInteger();
  private final AtomicInteger mostInFlight = new AtomicInteger();
  private final AtomicInteger calls = new AtomicInteger();
  private volatile int togetherFrom;
  private volatile CountDownLatch together = new CountDownLatch(0);

  FakeTarget(String name, Function<LoadRequest, Outcome> answer) {
    this.name = name;
    this.answer = answer;
  }

  FakeTarget(String name) {
    this(name, request -> completed(7, request.maxTokens()));
  }

  static Outcome.Completed completed(int inputTokens, int outputTokens) {
    long now = System.nanoTime();
    return new Outcome.Completed(
        now - 2_000_000,
        new long[] {now - 1_000_000},
        now,
        OptionalInt.of(inputTokens),
        outputTokens,
        true);
  }

  /**
   * Requests {@code skip + 1} to {@code skip + count} each wait until all of them are in flight.
   */
  void requireTogether(int skip, int count) {
    togetherFrom = skip + 1;
    together = new CountDownLatch(count);
  }

  @Override
  public String location() {
    return "fake://" + name;
  }

  @Override
  public String model() {
    return name;
  }

  @Override
  public Outcome send(LoadRequest request) throws InterruptedException {
    int now = inFlight.incrementAndGet();
    mostInFlight.accumulateAndGet(now, Math::max);
    try {
      synchronized (texts) {
        texts.add(request.messages().getLast().content());
      }
      int call = calls.incrementAndGet();
      CountDownLatch latch = together;
      if (call >= togetherFrom && latch.getCount() > 0) {
        latch.countDown();
        if (!latch.await(30, TimeUnit.SECONDS)) {
          throw new IllegalStateException("the requests never were in flight together");
        }
      }
      return answer.apply(request);
    } finally {
      inFlight.decrementAndGet();
    }
  }

  List<String> texts() {
    synchronized (texts) {
      return List.copyOf(texts);
    }
  }

  int mostInFlight() {
    return mostInFlight.get();
  }

  @Override
  public void close() {
    // holds nothing to release
  }
}
