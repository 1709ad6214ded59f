package dev.samovar.client.jsonl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.samovar.client.ChatCallException;
import dev.samovar.client.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(30)
class ResumableJobTest {
  @TempDir Path dir;
  private final RecordingListener listener = new RecordingListener();

  /** Every event as one line: "note: ...", "started 3", "done ...", "failed ...", "finished". */
  private static final class RecordingListener implements JobListener {
    final List<String> events = Collections.synchronizedList(new ArrayList<>());

    @Override
    public void note(String text) {
      events.add("note: " + text);
    }

    @Override
    public void started(int items) {
      events.add("started " + items);
    }

    @Override
    public void retrying(
        String what, String failure, int nextAttempt, int attempts, Duration delay) {
      events.add("retrying " + what + ": " + failure + ", " + nextAttempt + "/" + attempts);
    }

    @Override
    public void done(String what) {
      events.add("done " + what);
    }

    @Override
    public void failed(String item, String reason) {
      events.add("failed " + item + ": " + reason);
    }

    @Override
    public void finished() {
      events.add("finished");
    }
  }

  private ResumableJob<Integer> job(int parallel) {
    return new ResumableJob<>(
        item -> "item " + item,
        ResumableJob.ResumeNote.of(Path.of("out.jsonl"), "items already there", "doing the other"),
        parallel,
        listener);
  }

  private JsonlOutput<Integer> open(Path file) {
    return JsonlOutput.open(file, line -> line.json().get("id").intValue(), listener::note);
  }

  private static String append(JsonlOutput<Integer> output, int item) {
    output.append(item, Json.MAPPER.createObjectNode().put("id", item));
    return "item " + item + ": written";
  }

  private static List<Integer> ids(Path file) {
    return JsonlFile.read(file).stream().map(line -> line.json().get("id").intValue()).toList();
  }

  private static List<Integer> items(int count) {
    return IntStream.rangeClosed(1, count).boxed().toList();
  }

  @Test
  void skipsTheItemsTheOutputHoldsSoAStoppedRunGoesOn() throws Exception {
    Path file = Files.writeString(dir.resolve("out.jsonl"), "{\"id\":3}\n{\"id\":1}\n");
    List<Integer> worked = Collections.synchronizedList(new ArrayList<>());
    ResumableJob.Outcome outcome;
    try (JsonlOutput<Integer> output = open(file)) {
      outcome =
          job(1)
              .run(
                  items(4),
                  item -> output.contains(item),
                  item -> {
                    worked.add(item);
                    return append(output, item);
                  });
    }

    assertThat(worked).containsExactly(2, 4);
    assertThat(outcome).isEqualTo(new ResumableJob.Outcome(4, 2, 2, List.of(), Optional.empty()));
    assertThat(outcome.pending()).isEqualTo(2);
    assertThat(ids(file)).containsExactly(3, 1, 2, 4);
    assertThat(listener.events)
        .containsExactly(
            "note: out.jsonl: 2 of 4 items already there; doing the other 2",
            "started 2",
            "done item 2: written",
            "done item 4: written",
            "finished");
  }

  @Test
  void aFreshRunHasNoResumeNote() throws Exception {
    try (JsonlOutput<Integer> output = open(dir.resolve("out.jsonl"))) {
      job(2).run(items(2), output::contains, item -> append(output, item));
    }

    assertThat(listener.events).first().isEqualTo("started 2");
    assertThat(listener.events).last().isEqualTo("finished");
    assertThat(listener.events).noneMatch(event -> event.startsWith("note"));
  }

  @Test
  void aFailedItemIsReportedAndLeftForTheNextRun() throws Exception {
    Path file = dir.resolve("out.jsonl");
    ResumableJob.Outcome first;
    try (JsonlOutput<Integer> output = open(file)) {
      first =
          job(2)
              .run(
                  items(3),
                  output::contains,
                  item -> {
                    if (item == 2) {
                      throw new ChatCallException("HTTP 400: bad request", false);
                    }
                    return append(output, item);
                  });
    }

    assertThat(first.done()).isEqualTo(2);
    assertThat(first.failures()).containsExactly("item 2: HTTP 400: bad request");
    assertThat(first.stopped()).isEmpty();
    assertThat(listener.events).contains("failed item 2: HTTP 400: bad request");
    assertThat(ids(file)).containsExactlyInAnyOrder(1, 3);

    List<Integer> worked = Collections.synchronizedList(new ArrayList<>());
    ResumableJob.Outcome second;
    try (JsonlOutput<Integer> output = open(file)) {
      second =
          job(2)
              .run(
                  items(3),
                  output::contains,
                  item -> {
                    worked.add(item);
                    return append(output, item);
                  });
    }

    assertThat(worked).containsExactly(2);
    assertThat(second.already()).isEqualTo(2);
    assertThat(second.failures()).isEmpty();
    assertThat(ids(file)).containsExactlyInAnyOrder(1, 2, 3);
  }

  @Test
  void appendsEachResultAsSoonAsItsItemIsFinished() throws Exception {
    Path file = dir.resolve("out.jsonl");
    CountDownLatch secondWritten = new CountDownLatch(1);
    List<List<Integer>> seenByTheFirst = new ArrayList<>();
    try (JsonlOutput<Integer> output = open(file)) {
      job(2)
          .run(
              items(2),
              output::contains,
              item -> {
                if (item == 1) {
                  assertThat(secondWritten.await(10, TimeUnit.SECONDS)).isTrue();
                  seenByTheFirst.add(ids(file));
                  while (!listener.events.contains("done item 2: written")) {
                    Thread.sleep(1);
                  }
                  return append(output, item);
                }
                String what = append(output, item);
                secondWritten.countDown();
                return what;
              });
    }

    assertThat(seenByTheFirst).containsExactly(List.of(2));
    assertThat(ids(file)).containsExactly(2, 1);
    assertThat(listener.events)
        .containsExactly("started 2", "done item 2: written", "done item 1: written", "finished");
  }

  @Test
  void aFatalFailureStopsTheItemsNotStartedAndKeepsWhatWasWritten() throws Exception {
    Path file = dir.resolve("out.jsonl");
    List<Integer> worked = Collections.synchronizedList(new ArrayList<>());
    ResumableJob.Outcome outcome;
    try (JsonlOutput<Integer> output = open(file)) {
      outcome =
          job(1)
              .run(
                  items(4),
                  output::contains,
                  item -> {
                    worked.add(item);
                    if (item == 2) {
                      throw new ChatCallException("HTTP 401: bad key", true);
                    }
                    return append(output, item);
                  });
    }

    assertThat(worked).containsExactly(1, 2);
    assertThat(outcome.done()).isEqualTo(1);
    assertThat(outcome.failures()).isEmpty();
    assertThat(outcome.stopped()).contains("item 2: HTTP 401: bad key");
    assertThat(outcome.stopReport("rows", file))
        .contains(
            "item 2: HTTP 401: bad key; stopped, the rows so far are kept in "
                + file
                + " and a new run goes on from them");
    assertThat(listener.events)
        .containsExactly("started 4", "done item 1: written", "finished")
        .noneMatch(event -> event.startsWith("failed"));
    assertThat(file).content().isEqualTo("{\"id\":1}\n");
  }

  @Test
  void anUnexpectedExceptionIsThrownAfterTheJobEndedAndTheRowsWrittenStay() throws Exception {
    Path file = dir.resolve("out.jsonl");
    try (JsonlOutput<Integer> output = open(file)) {
      assertThatThrownBy(
              () ->
                  job(1)
                      .run(
                          items(3),
                          output::contains,
                          item -> {
                            if (item == 2) {
                              throw new IllegalStateException("broken");
                            }
                            return append(output, item);
                          }))
          .isInstanceOf(IllegalStateException.class)
          .hasMessage("broken");
    }

    assertThat(listener.events).containsExactly("started 3", "done item 1: written", "finished");
    assertThat(file).content().isEqualTo("{\"id\":1}\n");
  }

  @Test
  void worksOnAtMostParallelItemsAtOnceAndWritesEveryRowWhole() throws Exception {
    Path file = dir.resolve("out.jsonl");
    AtomicInteger running = new AtomicInteger();
    AtomicInteger most = new AtomicInteger();
    ResumableJob.Outcome outcome;
    try (JsonlOutput<Integer> output = open(file)) {
      outcome =
          job(3)
              .run(
                  items(40),
                  output::contains,
                  item -> {
                    most.accumulateAndGet(running.incrementAndGet(), Math::max);
                    Thread.sleep(2);
                    running.decrementAndGet();
                    return append(output, item);
                  });
    }

    assertThat(outcome.done()).isEqualTo(40);
    assertThat(most.get()).isBetween(1, 3);
    assertThat(ids(file)).containsExactlyInAnyOrderElementsOf(items(40));
    assertThat(listener.events.stream().filter(event -> event.startsWith("done"))).hasSize(40);
  }

  @Test
  void retriesOfAnItemReachTheListener() throws Exception {
    try (JsonlOutput<Integer> output = open(dir.resolve("out.jsonl"))) {
      job(1)
          .run(
              items(1),
              output::contains,
              item -> {
                listener
                    .retries("item " + item + " turn 2")
                    .retrying("HTTP 429", 2, 16, Duration.ofSeconds(1));
                return append(output, item);
              });
    }

    assertThat(listener.events)
        .containsExactly(
            "started 1",
            "retrying item 1 turn 2: HTTP 429, 2/16",
            "done item 1: written",
            "finished");
  }

  @Test
  void refusesNoParallelism() {
    assertThatThrownBy(() -> job(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("parallel must be >= 1: 0");
  }

  @Test
  void aJobWithNothingLeftStillStartsAndFinishes() throws IOException, InterruptedException {
    Path file = Files.writeString(dir.resolve("out.jsonl"), "{\"id\":1}\n");
    ResumableJob.Outcome outcome;
    try (JsonlOutput<Integer> output = open(file)) {
      outcome =
          job(2)
              .run(
                  items(1),
                  output::contains,
                  item -> {
                    throw new AssertionError("item " + item + " is done already");
                  });
    }

    assertThat(outcome.already()).isEqualTo(1);
    assertThat(outcome.done()).isZero();
    assertThat(listener.events)
        .containsExactly(
            "note: out.jsonl: 1 of 1 items already there; doing the other 0",
            "started 0",
            "finished");
  }
}
