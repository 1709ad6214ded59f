package dev.samovar.bench.load;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * A line chart drawn with headless AWT: categories along x (equally spaced), a logarithmic y axis,
 * one line with dots per series and a legend on the right. Missing values (NaN, or not positive)
 * leave a gap.
 */
final class LineChart {
  private static final int WIDTH = 1000;
  private static final int HEIGHT = 560;
  private static final int LEFT = 90;
  private static final int RIGHT = 260;
  private static final int TOP = 50;
  private static final int BOTTOM = 60;
  private static final float[] DASH = {8f, 6f};

  /** One line: its name in the legend, a value per category, its colour and whether dashed. */
  record Series(String name, double[] values, Color color, boolean dashed) {
    Series {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(color, "color");
      values = values.clone();
    }
  }

  private final String title;
  private final String xLabel;
  private final String yLabel;
  private final List<String> categories;
  private final List<Series> series = new ArrayList<>();

  LineChart(String title, String xLabel, String yLabel, List<String> categories) {
    this.title = title;
    this.xLabel = xLabel;
    this.yLabel = yLabel;
    this.categories = List.copyOf(categories);
  }

  LineChart add(Series line) {
    if (line.values().length != categories.size()) {
      throw new IllegalArgumentException(
          line.name()
              + " has "
              + line.values().length
              + " values for "
              + categories.size()
              + " categories");
    }
    series.add(line);
    return this;
  }

  private boolean usable(double value) {
    return Double.isFinite(value) && value > 0;
  }

  BufferedImage render() {
    BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    try {
      g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
      g.setRenderingHint(
          RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
      g.setColor(Color.WHITE);
      g.fillRect(0, 0, WIDTH, HEIGHT);
      g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
      double[] range = range();
      List<Double> ticks = ticks(range);
      int plotWidth = WIDTH - LEFT - RIGHT;
      int plotHeight = HEIGHT - TOP - BOTTOM;
      FontMetrics metrics = g.getFontMetrics();
      for (double tick : ticks) {
        int y = y(tick, range, plotHeight);
        g.setColor(new Color(225, 225, 225));
        g.drawLine(LEFT, y, LEFT + plotWidth, y);
        g.setColor(Color.DARK_GRAY);
        String label = label(tick);
        g.drawString(label, LEFT - 8 - metrics.stringWidth(label), y + metrics.getAscent() / 2 - 1);
      }
      g.setColor(Color.DARK_GRAY);
      g.drawRect(LEFT, TOP, plotWidth, plotHeight);
      for (int i = 0; i < categories.size(); i++) {
        int x = x(i, plotWidth);
        g.drawLine(x, TOP + plotHeight, x, TOP + plotHeight + 5);
        String label = categories.get(i);
        g.drawString(label, x - metrics.stringWidth(label) / 2, TOP + plotHeight + 20);
      }
      g.drawString(xLabel, LEFT + plotWidth / 2 - metrics.stringWidth(xLabel) / 2, HEIGHT - 15);
      Graphics2D vertical = (Graphics2D) g.create();
      vertical.rotate(-Math.PI / 2);
      vertical.drawString(yLabel, -(TOP + plotHeight / 2) - metrics.stringWidth(yLabel) / 2, 20);
      vertical.dispose();
      g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
      g.drawString(title, LEFT, 30);
      g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
      for (int s = 0; s < series.size(); s++) {
        Series line = series.get(s);
        g.setColor(line.color());
        g.setStroke(
            line.dashed()
                ? new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 1f, DASH, 0f)
                : new BasicStroke(2f));
        Path2D path = new Path2D.Double();
        boolean drawing = false;
        for (int i = 0; i < categories.size(); i++) {
          double value = line.values()[i];
          if (!usable(value)) {
            drawing = false;
            continue;
          }
          int x = x(i, plotWidth);
          int y = y(value, range, plotHeight);
          if (drawing) {
            path.lineTo(x, y);
          } else {
            path.moveTo(x, y);
            drawing = true;
          }
          g.fillOval(x - 4, y - 4, 8, 8);
        }
        g.draw(path);
        int legendY = TOP + 10 + s * 22;
        int legendX = LEFT + plotWidth + 20;
        g.drawLine(legendX, legendY, legendX + 30, legendY);
        g.setColor(Color.DARK_GRAY);
        g.drawString(line.name(), legendX + 38, legendY + metrics.getAscent() / 2 - 1);
      }
    } finally {
      g.dispose();
    }
    return image;
  }

  private int x(int category, int plotWidth) {
    return categories.size() == 1
        ? LEFT + plotWidth / 2
        : LEFT + 30 + category * (plotWidth - 60) / (categories.size() - 1);
  }

  private int y(double value, double[] range, int plotHeight) {
    double fraction = (Math.log10(value) - range[0]) / (range[1] - range[0]);
    return TOP + plotHeight - (int) Math.round(fraction * plotHeight);
  }

  /** The axis range as log10 values: whole decades around the values. */
  private double[] range() {
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;
    for (Series line : series) {
      for (double value : line.values()) {
        if (usable(value)) {
          min = Math.min(min, value);
          max = Math.max(max, value);
        }
      }
    }
    if (min > max) {
      return new double[] {0, 1};
    }
    double low = Math.floor(Math.log10(min));
    double high = Math.ceil(Math.log10(max));
    return new double[] {low, high > low ? high : low + 1};
  }

  private List<Double> ticks(double[] range) {
    List<Double> ticks = new ArrayList<>();
    boolean fine = range[1] - range[0] <= 2;
    for (int power = (int) range[0]; power <= (int) range[1]; power++) {
      double decade = Math.pow(10, power);
      ticks.add(decade);
      if (fine && power < (int) range[1]) {
        ticks.add(2 * decade);
        ticks.add(5 * decade);
      }
    }
    return ticks;
  }

  private static String label(double tick) {
    if (tick == Math.rint(tick)) {
      return String.format(Locale.ROOT, "%d", (long) tick);
    }
    return String.format(Locale.ROOT, "%s", (float) tick);
  }
}
