package dev.samovar.bench.mt;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The constants of FastChat's llm_judge that decide how MT-Bench runs. */
public final class MtBench {
  /** Categories whose questions are graded against a reference answer (NEED_REF_CATS). */
  public static final Set<String> NEEDS_REFERENCE = Set.of("math", "reasoning", "coding");

  /** MT-Bench's categories in question id order (81-90 writing, ..., 151-160 humanities). */
  public static final List<String> CATEGORIES =
      List.of(
          "writing", "roleplay", "reasoning", "math", "coding", "extraction", "stem", "humanities");

  /** New tokens per answer turn (gen_api_answer.py --max-tokens). */
  public static final int ANSWER_MAX_TOKENS = 1024;

  /** The judge call's max_tokens. */
  public static final int JUDGE_MAX_TOKENS = 2048;

  /** The judgment written when the judge call failed every try (FastChat's API_ERROR_OUTPUT). */
  public static final String API_ERROR_OUTPUT = "$ERROR$";

  private static final Map<String, Double> TEMPERATURES =
      Map.of(
          "writing", 0.7,
          "roleplay", 0.7,
          "extraction", 0.0,
          "math", 0.0,
          "coding", 0.0,
          "reasoning", 0.0,
          "stem", 0.1,
          "humanities", 0.1);
  private static final double DEFAULT_TEMPERATURE = 0.7;
  private static final int FIRST_ID = 81;
  private static final int QUESTIONS_PER_CATEGORY = 10;

  private MtBench() {}

  /** The sampling temperature for answers in {@code category} (temperature_config, else 0.7). */
  public static double temperature(String category) {
    return TEMPERATURES.getOrDefault(category, DEFAULT_TEMPERATURE);
  }

  public static boolean needsReference(String category) {
    return NEEDS_REFERENCE.contains(category);
  }

  /** The category of an MT-Bench question id (81-160), the same in all three question sets. */
  public static Optional<String> categoryOf(int questionId) {
    int index = (questionId - FIRST_ID) / QUESTIONS_PER_CATEGORY;
    if (questionId < FIRST_ID || index >= CATEGORIES.size()) {
      return Optional.empty();
    }
    return Optional.of(CATEGORIES.get(index));
  }
}
