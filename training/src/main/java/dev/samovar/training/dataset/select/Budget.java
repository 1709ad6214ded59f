package dev.samovar.training.dataset.select;

import java.util.List;
import java.util.function.ToIntFunction;

/** The most a prompt may hold, over all its turns; longer prompts are dropped. */
public sealed interface Budget {

  /** The size of {@code turns} in this budget's unit. */
  long measure(List<String> turns);

  /** The most {@link #measure} may give. */
  long limit();

  /** The budget in words, e.g. "8000 characters". */
  String describe();

  /** Whether {@code turns} fit. */
  default boolean fits(List<String> turns) {
    return measure(turns) <= limit();
  }

  /**
   * A budget in Unicode code points.
   *
   * @param limit the most code points
   */
  record Chars(long limit) implements Budget {
    public Chars {
      if (limit < 1) {
        throw new IllegalArgumentException("--max-chars must be >= 1: " + limit);
      }
    }

    @Override
    public long measure(List<String> turns) {
      return turns.stream().mapToLong(turn -> turn.codePointCount(0, turn.length())).sum();
    }

    @Override
    public String describe() {
      return limit + " characters";
    }
  }

  /**
   * A budget in tokens of a model's vocabulary, counted per turn without special tokens.
   *
   * @param limit the most tokens
   * @param tokenizer the token count of a text
   * @param vocabulary the vocabulary's name, for the summary
   */
  record Tokens(long limit, ToIntFunction<String> tokenizer, String vocabulary) implements Budget {
    public Tokens {
      if (limit < 1) {
        throw new IllegalArgumentException("--max-tokens must be >= 1: " + limit);
      }
    }

    @Override
    public long measure(List<String> turns) {
      return turns.stream().mapToLong(tokenizer::applyAsInt).sum();
    }

    @Override
    public String describe() {
      return limit + " tokens of " + vocabulary;
    }
  }
}
