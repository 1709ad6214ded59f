package dev.samovar.bench.mt.report;

import dev.samovar.bench.mt.Judgment;
import dev.samovar.bench.mt.MtBench;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.TreeSet;
import java.util.function.IntFunction;

/** Judgments aggregated per model and judge: the numbers of a report. */
public final class ScoreTable {
  private final List<ModelScores> models;
  private final List<String> categories;

  private ScoreTable(List<ModelScores> models, List<String> categories) {
    this.models = List.copyOf(models);
    this.categories = List.copyOf(categories);
  }

  /**
   * The table of {@code judgments}; {@code categoryOf} gives a question id's category.
   *
   * <p>Models come best first (overall mean, unrated-only models last, then by name); categories in
   * MT-Bench's order, others after them by name.
   */
  public static ScoreTable of(List<Judgment> judgments, IntFunction<String> categoryOf) {
    Map<List<String>, List<Judgment>> byModel = new LinkedHashMap<>();
    TreeSet<String> others = new TreeSet<>();
    List<String> categories = new ArrayList<>();
    for (Judgment judgment : judgments) {
      byModel
          .computeIfAbsent(
              List.of(judgment.model(), judgment.judgeModel()), key -> new ArrayList<>())
          .add(judgment);
      String category = categoryOf.apply(judgment.questionId());
      if (!MtBench.CATEGORIES.contains(category)) {
        others.add(category);
      }
    }
    for (String category : MtBench.CATEGORIES) {
      if (judgments.stream().anyMatch(j -> categoryOf.apply(j.questionId()).equals(category))) {
        categories.add(category);
      }
    }
    categories.addAll(others);
    List<ModelScores> models = new ArrayList<>();
    for (Map.Entry<List<String>, List<Judgment>> entry : byModel.entrySet()) {
      models.add(
          scores(
              entry.getKey().get(0),
              entry.getKey().get(1),
              entry.getValue(),
              categories,
              categoryOf));
    }
    models.sort(
        Comparator.comparingDouble((ModelScores m) -> -m.overall().orElse(Double.NEGATIVE_INFINITY))
            .thenComparing(ModelScores::model)
            .thenComparing(ModelScores::judge));
    return new ScoreTable(models, categories);
  }

  private static ModelScores scores(
      String model,
      String judge,
      List<Judgment> rows,
      List<String> categories,
      IntFunction<String> categoryOf) {
    List<Judgment> rated = rows.stream().filter(j -> !j.score().unrated()).toList();
    Map<String, OptionalDouble> byCategory = new LinkedHashMap<>();
    for (String category : categories) {
      byCategory.put(
          category,
          mean(
              rated.stream()
                  .filter(j -> categoryOf.apply(j.questionId()).equals(category))
                  .toList()));
    }
    return new ModelScores(
        model,
        judge,
        mean(rated.stream().filter(j -> j.turn() == 1).toList()),
        mean(rated.stream().filter(j -> j.turn() == 2).toList()),
        mean(rated),
        rows.size(),
        rows.size() - rated.size(),
        (int) rated.stream().filter(j -> j.score().outsideScale()).count(),
        byCategory);
  }

  private static OptionalDouble mean(List<Judgment> rated) {
    return rated.stream().mapToDouble(j -> j.score().asDouble()).average();
  }

  public List<ModelScores> models() {
    return models;
  }

  /** The categories judged, in report order. */
  public List<String> categories() {
    return categories;
  }

  /** How a model is named in the report: its name, with the judge when a model has several. */
  public String label(ModelScores scores) {
    long judges = models.stream().filter(m -> m.model().equals(scores.model())).count();
    return judges > 1 ? scores.model() + " (" + scores.judge() + ")" : scores.model();
  }
}
