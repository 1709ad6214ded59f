package dev.samovar.bench.load;

import dev.samovar.client.Message;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Prompts of a controlled length: a six-digit request number, then a fixed seeded sequence of
 * common words. The number makes every request differ from its first token, so that no cached
 * prefix is shared; being six digits, it tokenizes to the same length for every request.
 */
public final class SyntheticPrompts implements Prompts {
  private static final List<String> WORDS =
      List.of(
          "the", "of", "and", "to", "in", "is", "it", "that", "for", "on", "was", "with", "as",
          "at", "by", "this", "from", "or", "but", "not", "are", "have", "all", "one", "time",
          "day", "year", "people", "way", "water", "house", "city", "world", "school", "work",
          "book", "river", "tree", "road", "music", "light", "night", "morning", "story", "game",
          "table", "window", "garden", "market", "summer", "winter", "friend", "family", "letter",
          "dinner", "paper", "money", "train", "sea", "sun", "moon", "king", "song", "field");
  private static final int MAX_WORDS = 1 << 20;

  private final String[] words;

  private SyntheticPrompts(String[] words) {
    this.words = words;
  }

  /**
   * Prompts of {@code count} words drawn from the word list with {@code seed}; the words for a
   * smaller count are the start of those for a larger one.
   */
  public static SyntheticPrompts of(long seed, int count) {
    if (count < 0 || count > MAX_WORDS) {
      throw new IllegalArgumentException("word count must be in [0, " + MAX_WORDS + "]: " + count);
    }
    SplittableRandom random = new SplittableRandom(seed);
    String[] words = new String[count];
    for (int i = 0; i < count; i++) {
      words[i] = WORDS.get(random.nextInt(WORDS.size()));
    }
    return new SyntheticPrompts(words);
  }

  /** Words after the request number. */
  public int words() {
    return words.length;
  }

  /** The user text of request {@code index}. */
  String text(int index) {
    StringBuilder text = new StringBuilder(String.format(Locale.ROOT, "%06d", index % 1_000_000));
    for (String word : words) {
      text.append(' ').append(word);
    }
    return text.toString();
  }

  @Override
  public List<Message> messages(int index) {
    return List.of(Message.user(text(index)));
  }
}
