package dev.samovar.server.ops;

import java.util.concurrent.atomic.AtomicLong;

/**
 * What one request's generations added up to, for its access-log line: prompt and completion
 * tokens, the time to its first text, and (only when prompts may be logged) its output text.
 * Written from the engine's thread, read after the answer.
 */
public final class RequestStats {
  /** The context attribute that holds a request's stats. */
  public static final String ATTRIBUTE = "samovar.stats";

  private final AtomicLong promptTokens = new AtomicLong();
  private final AtomicLong completionTokens = new AtomicLong();
  private final AtomicLong firstTokenNanos = new AtomicLong(-1);
  private final StringBuffer output;
  private volatile String prompt;

  /** Stats that keep the prompt and output text only when {@code keepText}. */
  public RequestStats(boolean keepText) {
    output = keepText ? new StringBuffer() : null;
  }

  /** Adds a finished generation's token counts. */
  public void tokens(int prompt, int completion) {
    promptTokens.addAndGet(prompt);
    completionTokens.addAndGet(completion);
  }

  /** Records the first text of the request, {@code sinceArrival} nanoseconds after it came. */
  public void firstToken(long sinceArrival) {
    firstTokenNanos.compareAndSet(-1, sinceArrival);
  }

  /** Keeps generated text when text is kept. */
  public void output(String text) {
    if (output != null) {
      output.append(text);
    }
  }

  /** Keeps the prompt when text is kept. */
  public void prompt(String text) {
    if (output != null) {
      prompt = text;
    }
  }

  public long promptTokens() {
    return promptTokens.get();
  }

  public long completionTokens() {
    return completionTokens.get();
  }

  /** Milliseconds from arrival to the first text, or -1 when none came. */
  public long timeToFirstTokenMillis() {
    long nanos = firstTokenNanos.get();
    return nanos < 0 ? -1 : nanos / 1_000_000;
  }

  /** Whether prompt and output text are kept. */
  public boolean keepsText() {
    return output != null;
  }

  /** The prompt, or null when not kept. */
  public String promptText() {
    return prompt;
  }

  /** The output of every choice, in arrival order, or null when not kept. */
  public String outputText() {
    return output == null ? null : output.toString();
  }
}
