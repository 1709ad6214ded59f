package dev.samovar.bench.mt.report;

import java.util.Objects;
import java.util.Optional;

/**
 * A published MT-Bench score, shown beside a run's results as a reference point.
 *
 * @param set the question set: en (FastChat's MT-Bench) or ru-lightblue
 * @param model the model as its publisher names it
 * @param score the published overall score
 * @param judge the judge model, when the source states it
 * @param source where it was published (a URL)
 * @param note who ran it, or a remark
 */
public record PublishedScore(
    String set,
    String model,
    double score,
    Optional<String> judge,
    String source,
    Optional<String> note) {
  public PublishedScore {
    Objects.requireNonNull(set, "set");
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(judge, "judge");
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(note, "note");
  }
}
