package dev.samovar.bench.mt.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;

/**
 * A per-category radar chart as SVG: one axis per category (0 at the centre, 10 at the rim), one
 * polygon per model. A category without a rated judgment is drawn at 0 and named in the legend; a
 * model with no rating at all has no polygon.
 */
public final class RadarChart {
  private static final String[] COLORS = {
    "#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f"
  };
  private static final int WIDTH = 640;
  private static final int HEIGHT = 560;
  private static final double CX = 320;
  private static final double CY = 320;
  private static final double RADIUS = 170;
  private static final double MAX_SCORE = 10;

  private RadarChart() {}

  public static String svg(ScoreTable table) {
    List<String> categories = table.categories();
    int n = categories.size();
    StringBuilder svg = new StringBuilder();
    svg.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"")
        .append(WIDTH)
        .append("\" height=\"")
        .append(HEIGHT)
        .append("\" viewBox=\"0 0 ")
        .append(WIDTH)
        .append(' ')
        .append(HEIGHT)
        .append("\" font-family=\"sans-serif\" font-size=\"13\">\n");
    svg.append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
    svg.append("<text x=\"")
        .append(fmt(CX))
        .append("\" y=\"24\" text-anchor=\"middle\"")
        .append(" font-size=\"16\">MT-Bench score per category (0-10)</text>\n");
    for (int ring = 2; ring <= MAX_SCORE; ring += 2) {
      List<double[]> points = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        points.add(point(i, n, ring));
      }
      svg.append("<polygon points=\"")
          .append(points(points))
          .append("\" fill=\"none\" stroke=\"#cccccc\"/>\n");
      double[] label = point(0, n, ring);
      svg.append("<text x=\"")
          .append(fmt(label[0] + 4))
          .append("\" y=\"")
          .append(fmt(label[1] - 2))
          .append("\" fill=\"#888888\" font-size=\"10\">")
          .append(ring)
          .append("</text>\n");
    }
    for (int i = 0; i < n; i++) {
      double[] end = point(i, n, MAX_SCORE);
      svg.append("<line x1=\"")
          .append(fmt(CX))
          .append("\" y1=\"")
          .append(fmt(CY))
          .append("\" x2=\"")
          .append(fmt(end[0]))
          .append("\" y2=\"")
          .append(fmt(end[1]))
          .append("\" stroke=\"#cccccc\"/>\n");
      double[] at = point(i, n, MAX_SCORE * 1.12);
      double cos = Math.cos(angle(i, n));
      String anchor = Math.abs(cos) < 0.3 ? "middle" : cos > 0 ? "start" : "end";
      svg.append("<text x=\"")
          .append(fmt(at[0]))
          .append("\" y=\"")
          .append(fmt(at[1] + 4))
          .append("\" text-anchor=\"")
          .append(anchor)
          .append("\">")
          .append(Xml.escape(categories.get(i)))
          .append("</text>\n");
    }
    List<ModelScores> models = table.models();
    for (int m = 0; m < models.size(); m++) {
      ModelScores model = models.get(m);
      String color = COLORS[m % COLORS.length];
      List<String> missing = new ArrayList<>();
      List<double[]> points = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        OptionalDouble mean = model.categories().get(categories.get(i));
        if (mean.isEmpty()) {
          missing.add(categories.get(i));
        }
        points.add(point(i, n, clamp(mean.orElse(0))));
      }
      boolean drawn = missing.size() < n;
      if (drawn) {
        svg.append("<polygon points=\"")
            .append(points(points))
            .append("\" fill=\"")
            .append(color)
            .append("\" fill-opacity=\"0.15\" stroke=\"")
            .append(color)
            .append("\" stroke-width=\"2\"/>\n");
      }
      String legend =
          table.label(model)
              + (!drawn
                  ? " (no ratings)"
                  : missing.isEmpty() ? "" : " (no rating: " + String.join(", ", missing) + ")");
      double y = 48 + 18 * m;
      svg.append("<rect x=\"16\" y=\"")
          .append(fmt(y - 10))
          .append("\" width=\"12\" height=\"12\" fill=\"")
          .append(color)
          .append("\"/>\n");
      svg.append("<text x=\"34\" y=\"")
          .append(fmt(y))
          .append("\">")
          .append(Xml.escape(legend))
          .append("</text>\n");
    }
    svg.append("</svg>\n");
    return svg.toString();
  }

  private static double clamp(double score) {
    return Math.max(0, Math.min(MAX_SCORE, score));
  }

  private static double angle(int i, int n) {
    return -Math.PI / 2 + 2 * Math.PI * i / n;
  }

  private static double[] point(int i, int n, double score) {
    double r = RADIUS * score / MAX_SCORE;
    return new double[] {CX + r * Math.cos(angle(i, n)), CY + r * Math.sin(angle(i, n))};
  }

  private static String points(List<double[]> points) {
    StringBuilder text = new StringBuilder();
    for (double[] point : points) {
      if (!text.isEmpty()) {
        text.append(' ');
      }
      text.append(fmt(point[0])).append(',').append(fmt(point[1]));
    }
    return text.toString();
  }

  private static String fmt(double value) {
    String text = String.format(Locale.ROOT, "%.1f", value);
    return text.equals("-0.0") ? "0.0" : text;
  }
}
