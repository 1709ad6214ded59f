package dev.samovar.bench.mt.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;

/** The rows of a report's three tables as text cells, shared by every output format. */
final class Cells {
  static final String NONE = "n/a";

  static final List<String> SCORE_HEADER =
      List.of(
          "model",
          "judge",
          "turn 1",
          "turn 2",
          "overall",
          "judgments",
          "unrated (-1)",
          "outside 1-10");

  static final List<String> PUBLISHED_HEADER =
      List.of("set", "model", "judge", "overall", "source");

  private Cells() {}

  static String score(OptionalDouble mean) {
    return mean.isPresent() ? score(mean.getAsDouble()) : NONE;
  }

  static String score(double value) {
    return String.format(Locale.ROOT, "%.2f", value);
  }

  static List<List<String>> scoreRows(ScoreTable table) {
    List<List<String>> rows = new ArrayList<>();
    for (ModelScores model : table.models()) {
      rows.add(
          List.of(
              model.model(),
              model.judge(),
              score(model.turn1()),
              score(model.turn2()),
              score(model.overall()),
              String.valueOf(model.judgments()),
              String.valueOf(model.unrated()),
              String.valueOf(model.outsideScale())));
    }
    return rows;
  }

  static List<String> categoryHeader(ScoreTable table) {
    List<String> header = new ArrayList<>();
    header.add("category");
    table.models().forEach(model -> header.add(table.label(model)));
    return header;
  }

  static List<List<String>> categoryRows(ScoreTable table) {
    List<List<String>> rows = new ArrayList<>();
    for (String category : table.categories()) {
      List<String> row = new ArrayList<>();
      row.add(category);
      table.models().forEach(model -> row.add(score(model.categories().get(category))));
      rows.add(row);
    }
    return rows;
  }

  static List<List<String>> publishedRows(List<PublishedScore> published) {
    List<List<String>> rows = new ArrayList<>();
    for (PublishedScore score : published) {
      rows.add(
          List.of(
              score.set(),
              score.model(),
              score.judge().orElse("not stated"),
              score(score.score()),
              score.note().map(note -> note + ", ").orElse("") + score.source()));
    }
    return rows;
  }

  /** One sentence per model with unrated or out-of-scale judgments; empty when there are none. */
  static List<String> notes(ScoreTable table) {
    List<String> notes = new ArrayList<>();
    for (ModelScores model : table.models()) {
      if (model.unrated() > 0) {
        notes.add(
            table.label(model)
                + ": "
                + model.unrated()
                + " of "
                + model.judgments()
                + (model.unrated() == 1 ? " judgments has" : " judgments have")
                + " no rating (score -1: the judge wrote no [[rating]], or its call failed);"
                + " the means leave "
                + (model.unrated() == 1 ? "it" : "them")
                + " out.");
      }
      if (model.outsideScale() > 0) {
        notes.add(
            table.label(model)
                + ": "
                + model.outsideScale()
                + (model.outsideScale() == 1
                    ? " rating is outside 1-10; it is kept in the means"
                    : " ratings are outside 1-10; they are kept in the means")
                + ", as FastChat keeps them.");
      }
    }
    return notes;
  }
}
