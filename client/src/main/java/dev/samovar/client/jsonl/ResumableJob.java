package dev.samovar.client.jsonl;

import dev.samovar.client.ChatCallException;
import dev.samovar.client.WorkPool;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The skeleton of a resumable command that asks an endpoint something for each item of a list and
 * appends one result per item to an output file (a {@link JsonlOutput}, say).
 *
 * <p>Items the output already holds are skipped, so a stopped run goes on where it ended. The
 * others are worked on, at most {@code parallel} at once, and each work appends its result itself
 * as soon as it has it, so a kill loses only the items in flight. An item whose call fails ({@link
 * ChatCallException}) is reported, counted and left out, for the next run to try again; a
 * {@linkplain ChatCallException#fatal() fatal} failure (a wrong key, URL or model) stops the items
 * not started yet; any other exception stops them too and is thrown once the started ones ended.
 * Progress goes to a {@link JobListener}.
 *
 * @param <I> an item of work
 */
public final class ResumableJob<I> {
  /**
   * What the job does with one item.
   *
   * @param <I> an item of work
   */
  @FunctionalInterface
  public interface Work<I> {
    /**
     * Works on {@code item} and appends its result to the output.
     *
     * @return the item and how it went, for {@link JobListener#done}
     * @throws ChatCallException when the item's requests failed, before anything of it was written
     */
    String perform(I item) throws ChatCallException, InterruptedException;
  }

  /** The note for a run that goes on from earlier runs. */
  @FunctionalInterface
  public interface ResumeNote {
    /**
     * @param already items the output holds already
     * @param total items in all
     * @param pending items this run works on
     */
    String text(int already, int total, int pending);

    /**
     * "OUT: ALREADY of TOTAL DONE; REST PENDING", such as "answers.jsonl: 2 of 80 questions already
     * answered; answering the other 78".
     *
     * @param done what the output holds, such as "questions already answered"
     * @param rest what this run does, such as "answering the other"
     */
    static ResumeNote of(Path out, String done, String rest) {
      return (already, total, pending) ->
          out + ": " + already + " of " + total + " " + done + "; " + rest + " " + pending;
    }
  }

  /**
   * How a run went.
   *
   * @param total items in all
   * @param already items the output held when the run started
   * @param done items this run finished
   * @param failures the items whose calls failed, "item: why", left for the next run
   * @param stopped why the run stopped early (a fatal call failure), if it did
   */
  public record Outcome(
      int total, int already, int done, List<String> failures, Optional<String> stopped) {
    public Outcome {
      failures = List.copyOf(failures);
      Objects.requireNonNull(stopped, "stopped");
    }

    /** Items this run worked on (or would have, had it not stopped). */
    public int pending() {
      return total - already;
    }

    /**
     * When the run stopped: the reason, and that {@code out} keeps the results so far for the next
     * run ("REASON; stopped, the RESULTS so far are kept in OUT and a new run goes on from them").
     *
     * @param results what the output holds, such as "answers"
     */
    public Optional<String> stopReport(String results, Path out) {
      return stopped.map(
          reason ->
              reason
                  + "; stopped, the "
                  + results
                  + " so far are kept in "
                  + out
                  + " and a new run goes on from them");
    }
  }

  private final Function<? super I, String> label;
  private final ResumeNote resumeNote;
  private final int parallel;
  private final JobListener listener;

  /**
   * @param label what to call an item in messages, such as "question 81"
   * @param resumeNote the note when the output already holds some of the items
   * @param parallel items worked on at once
   * @param listener hears about the run's progress
   */
  public ResumableJob(
      Function<? super I, String> label,
      ResumeNote resumeNote,
      int parallel,
      JobListener listener) {
    if (parallel < 1) {
      throw new IllegalArgumentException("parallel must be >= 1: " + parallel);
    }
    this.label = Objects.requireNonNull(label, "label");
    this.resumeNote = Objects.requireNonNull(resumeNote, "resumeNote");
    this.parallel = parallel;
    this.listener = Objects.requireNonNull(listener, "listener");
  }

  /**
   * Works on every item of {@code items} for which {@code alreadyDone} is false, in list order as
   * far as {@code parallel} allows, and waits for them all.
   *
   * @param alreadyDone whether the output holds an item's result already
   * @param work what to do with an item, appending its result
   */
  public Outcome run(List<I> items, Predicate<? super I> alreadyDone, Work<? super I> work)
      throws InterruptedException {
    List<I> pending = items.stream().filter(item -> !alreadyDone.test(item)).toList();
    int already = items.size() - pending.size();
    if (already > 0) {
      listener.note(resumeNote.text(already, items.size(), pending.size()));
    }
    listener.started(pending.size());
    AtomicInteger done = new AtomicInteger();
    List<WorkPool.Task> tasks = new ArrayList<>(pending.size());
    for (I item : pending) {
      String name = label.apply(item);
      tasks.add(new WorkPool.Task(name, () -> perform(item, name, work, done)));
    }
    WorkPool.Result result;
    try {
      result = WorkPool.run(tasks, parallel);
    } finally {
      listener.finished();
    }
    return new Outcome(items.size(), already, done.get(), result.failures(), result.stopped());
  }

  private void perform(I item, String name, Work<? super I> work, AtomicInteger done)
      throws ChatCallException, InterruptedException {
    String what;
    try {
      what = work.perform(item);
    } catch (ChatCallException e) {
      if (!e.fatal()) {
        listener.failed(name, e.getMessage());
      }
      throw e;
    }
    done.incrementAndGet();
    listener.done(what);
  }
}
