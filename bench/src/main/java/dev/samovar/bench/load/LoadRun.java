package dev.samovar.bench.load;

import dev.samovar.bench.BenchException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs a {@link LoadPlan} against one target, or two compared. Per level, the targets take turns
 * level by level, never at the same time: round 1 runs A then B, round 2 B then A, and so on, so
 * that neither always comes first on a shared machine; both get the same prompts and arrival times,
 * and each level's rounds are pooled. Warm-up requests go before every measured level.
 */
public final class LoadRun {
  private final LoadPlan plan;
  private final Prompts prompts;
  private final PrintWriter progress;

  public LoadRun(LoadPlan plan, Prompts prompts, PrintWriter progress) {
    this.plan = plan;
    this.prompts = prompts;
    this.progress = progress;
  }

  /** The statistics per target (in the order given), one per level. */
  public List<List<LevelStats>> run(List<Target> targets) throws InterruptedException {
    List<List<LevelStats>> results = new ArrayList<>();
    targets.forEach(target -> results.add(new ArrayList<>()));
    int perRound = plan.warmup() + plan.requests();
    for (int level = 0; level < plan.concurrency().size(); level++) {
      int concurrency = plan.concurrency().get(level);
      List<List<Outcome>> outcomes = new ArrayList<>();
      long[] wall = new long[targets.size()];
      targets.forEach(target -> outcomes.add(new ArrayList<>()));
      for (int round = 0; round < plan.rounds(); round++) {
        int firstIndex = (level * plan.rounds() + round) * perRound;
        for (int turn = 0; turn < targets.size(); turn++) {
          int t = round % 2 == 0 ? turn : targets.size() - 1 - turn;
          String label = label(targets.size(), t, concurrency, round);
          Target target = targets.get(t);
          if (plan.warmup() > 0) {
            measure(
                target,
                Math.min(concurrency, plan.warmup()),
                firstIndex,
                plan.warmup(),
                false,
                label + " warm-up");
          }
          Measured measured =
              measure(
                  target,
                  concurrency,
                  firstIndex + plan.warmup(),
                  plan.requests(),
                  plan.rate().isPresent(),
                  label);
          outcomes.get(t).addAll(measured.outcomes());
          wall[t] += measured.wallNanos();
        }
      }
      for (int t = 0; t < targets.size(); t++) {
        results.get(t).add(LevelStats.of(concurrency, outcomes.get(t), wall[t], plan.slo()));
      }
    }
    return results;
  }

  private String label(int targets, int target, int concurrency, int round) {
    StringBuilder label = new StringBuilder();
    if (targets > 1) {
      label.append(target == 0 ? "A " : "B ");
    }
    label.append("concurrency ").append(concurrency);
    if (plan.rounds() > 1) {
      label.append(" round ").append(round + 1).append('/').append(plan.rounds());
    }
    return label.toString();
  }

  private record Measured(List<Outcome> outcomes, long wallNanos) {}

  private Measured measure(
      Target target, int concurrency, int firstIndex, int count, boolean paced, String label)
      throws InterruptedException {
    Semaphore slots = new Semaphore(concurrency);
    Random arrivals = new Random(plan.seed());
    AtomicInteger done = new AtomicInteger();
    AtomicInteger errors = new AtomicInteger();
    int step = Math.max(1, count / 10);
    List<Future<Outcome>> futures = new ArrayList<>(count);
    // Platform threads: a virtual thread's blocking read wakes a poller thread, then a carrier.
    try (ExecutorService workers =
        Executors.newThreadPerTaskExecutor(
            Thread.ofPlatform().daemon().name("load-", 0).factory())) {
      long start = System.nanoTime();
      double due = 0;
      for (int i = 0; i < count; i++) {
        if (paced && i > 0) {
          due += -Math.log(1 - arrivals.nextDouble()) / plan.rate().getAsDouble();
          long wait = start + (long) (due * 1e9) - System.nanoTime();
          if (wait > 0) {
            TimeUnit.NANOSECONDS.sleep(wait);
          }
        }
        slots.acquire();
        LoadRequest request =
            new LoadRequest(
                prompts.messages(firstIndex + i),
                plan.outputTokens(),
                plan.ignoreEos(),
                plan.temperature());
        futures.add(
            workers.submit(
                () -> {
                  try {
                    Outcome outcome = target.send(request);
                    if (outcome instanceof Outcome.Failed) {
                      errors.incrementAndGet();
                    }
                    return outcome;
                  } finally {
                    slots.release();
                    int finished = done.incrementAndGet();
                    if (finished % step == 0 || finished == count) {
                      note(
                          "["
                              + label
                              + "] "
                              + finished
                              + "/"
                              + count
                              + " done, "
                              + errors.get()
                              + " errors");
                    }
                  }
                }));
      }
      List<Outcome> outcomes = new ArrayList<>(count);
      for (Future<Outcome> future : futures) {
        try {
          outcomes.add(future.get());
        } catch (ExecutionException e) {
          throw new BenchException(
              "a request to " + target.location() + " failed unexpectedly: " + e.getCause(),
              e.getCause());
        }
      }
      return new Measured(outcomes, Math.max(1, System.nanoTime() - start));
    }
  }

  private void note(String text) {
    synchronized (progress) {
      progress.println(text);
      progress.flush();
    }
  }
}
