package dev.samovar.client.jsonl;

import dev.samovar.client.ChatClient;
import java.time.Duration;

/**
 * Hears how a {@link ResumableJob} goes, to show its progress. The events of items come from the
 * job's workers, several at once, so an implementation must be thread-safe.
 *
 * <p>The order: any {@link #note}s about the output (a repaired file, the items done by earlier
 * runs), then {@link #started} once, then the events of the items ({@link #retrying}, {@link
 * #done}, {@link #failed}, more notes) as they happen, then {@link #finished} once.
 */
public interface JobListener {
  /** A line of its own for the user; may come before {@link #started}. */
  void note(String text);

  /**
   * The job starts on the items its output does not hold yet.
   *
   * @param items how many it works on in this run
   */
  void started(int items);

  /**
   * A request failed and will be tried again.
   *
   * @param what the item (and its part) the request was for, such as "question 81 turn 2"
   * @param failure what went wrong, one line
   * @param nextAttempt the number of the coming try (2 for the first retry)
   * @param attempts tries in all
   * @param delay the wait before the coming try
   */
  void retrying(String what, String failure, int nextAttempt, int attempts, Duration delay);

  /**
   * An item is finished and its result written.
   *
   * @param what the item and how it went, such as "question 81 (writing): answered in 2.5 s"
   */
  void done(String what);

  /**
   * An item failed for good in this run; nothing of it was written and the next run tries it again.
   *
   * @param item the item, such as "question 81"
   * @param reason why, one line
   */
  void failed(String item, String reason);

  /** The job ended (every item done or failed, or it stopped, or it failed with an exception). */
  void finished();

  /**
   * A retry listener for the requests of {@code what} that reports each retry to {@link #retrying}.
   */
  default ChatClient.RetryListener retries(String what) {
    return (failure, nextAttempt, attempts, delay) ->
        retrying(what, failure, nextAttempt, attempts, delay);
  }
}
