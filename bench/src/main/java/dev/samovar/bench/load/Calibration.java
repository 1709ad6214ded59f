package dev.samovar.bench.load;

import dev.samovar.bench.BenchException;
import java.io.PrintWriter;
import java.util.OptionalInt;

/**
 * Finds how many words a synthetic prompt needs to be a given number of prompt tokens as the target
 * counts them ({@code usage.prompt_tokens} of one-token requests): the count without words, a probe
 * with a quarter of the missing tokens in words (a prompt well inside the context), then up to
 * {@value #MAX_STEPS} corrections by the measured tokens per word, until the count is within 1% (at
 * least 1 token). The closest count wins.
 */
public final class Calibration {
  static final int MAX_STEPS = 4;

  /**
   * The outcome.
   *
   * @param prompts the prompts to use
   * @param promptTokens the prompt tokens the target counted for them, when it said
   */
  public record Result(SyntheticPrompts prompts, OptionalInt promptTokens) {}

  private final Target target;
  private final long seed;
  private final boolean ignoreEos;
  private final double temperature;
  private final PrintWriter notes;

  public Calibration(
      Target target, long seed, boolean ignoreEos, double temperature, PrintWriter notes) {
    this.target = target;
    this.seed = seed;
    this.ignoreEos = ignoreEos;
    this.temperature = temperature;
    this.notes = notes;
  }

  /**
   * Prompts of {@code inputTokens} tokens.
   *
   * @throws BenchException when a calibration request fails, or the prompt cannot be that short
   */
  public Result calibrate(int inputTokens) throws InterruptedException {
    int tolerance = Math.max(1, inputTokens / 100);
    OptionalInt empty = measure(0);
    if (empty.isEmpty()) {
      note(
          "the target reports no usage.prompt_tokens: cannot calibrate; using "
              + inputTokens
              + " words");
      return new Result(SyntheticPrompts.of(seed, inputTokens), OptionalInt.empty());
    }
    int base = empty.getAsInt();
    if (base >= inputTokens) {
      throw new BenchException(
          "a synthetic prompt without words is already "
              + base
              + " prompt tokens (chat template and request number); ask for --input-tokens > "
              + base);
    }
    int words = Math.max(1, (inputTokens - base) / 4);
    int tokens = required(measure(words));
    int bestWords = words;
    int bestTokens = tokens;
    for (int step = 0; step < MAX_STEPS && Math.abs(tokens - inputTokens) > tolerance; step++) {
      double perWord = (double) (tokens - base) / words;
      words = Math.max(1, words + (int) Math.round((inputTokens - tokens) / perWord));
      tokens = required(measure(words));
      if (Math.abs(tokens - inputTokens) < Math.abs(bestTokens - inputTokens)) {
        bestWords = words;
        bestTokens = tokens;
      }
    }
    note(
        "calibrated synthetic prompts: "
            + bestWords
            + " words = "
            + bestTokens
            + " prompt tokens (asked "
            + inputTokens
            + ")");
    return new Result(SyntheticPrompts.of(seed, bestWords), OptionalInt.of(bestTokens));
  }

  private OptionalInt measure(int words) throws InterruptedException {
    LoadRequest probe =
        new LoadRequest(SyntheticPrompts.of(seed, words).messages(0), 1, ignoreEos, temperature);
    return switch (target.send(probe)) {
      case Outcome.Completed completed -> completed.inputTokens();
      case Outcome.Failed failed ->
          throw new BenchException(
              "calibrating the prompt length against "
                  + target.location()
                  + " failed: "
                  + failed.message());
    };
  }

  private int required(OptionalInt tokens) {
    return tokens.orElseThrow(
        () ->
            new BenchException(
                target.location() + " stopped reporting usage.prompt_tokens while calibrating"));
  }

  private void note(String text) {
    synchronized (notes) {
      notes.println(text);
      notes.flush();
    }
  }
}
