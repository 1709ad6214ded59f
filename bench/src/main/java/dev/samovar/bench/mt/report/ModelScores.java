package dev.samovar.bench.mt.report;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalDouble;

/**
 * One model's MT-Bench result under one judge. Means leave out unrated (-1) judgments, as
 * FastChat's show_result does; they are empty when nothing was rated.
 *
 * @param model the graded model
 * @param judge the judge model
 * @param turn1 mean of turn 1
 * @param turn2 mean of turn 2
 * @param overall mean of all rated judgments
 * @param judgments judgments read
 * @param unrated judgments with score -1 (no rating found, or the judge call failed)
 * @param outsideScale rated judgments below 1 or above 10 (kept in the means)
 * @param categories mean per category, in report order
 */
public record ModelScores(
    String model,
    String judge,
    OptionalDouble turn1,
    OptionalDouble turn2,
    OptionalDouble overall,
    int judgments,
    int unrated,
    int outsideScale,
    Map<String, OptionalDouble> categories) {
  public ModelScores {
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(judge, "judge");
    Objects.requireNonNull(turn1, "turn1");
    Objects.requireNonNull(turn2, "turn2");
    Objects.requireNonNull(overall, "overall");
    categories = Collections.unmodifiableMap(new LinkedHashMap<>(categories));
  }
}
