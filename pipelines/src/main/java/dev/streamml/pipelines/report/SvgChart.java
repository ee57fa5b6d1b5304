package dev.streamml.pipelines.report;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A chart drawn as inline SVG: lines, point markers, bars, shaded x-ranges, horizontal and
 * vertical reference lines, axes with ticks and a legend. Nothing is loaded from anywhere: the
 * SVG text is the whole chart, so a report that embeds it opens offline.
 *
 * <p>Long series are thinned to the minimum and maximum of each pixel column ({@link
 * #MAX_COLUMNS} columns), which keeps every spike visible while the file stays small.
 *
 * <pre>{@code
 * String svg =
 *     SvgChart.create("Machine temperature")
 *         .timeAxis()
 *         .band(windowStart, windowEnd, "labelled window")
 *         .line("value", timestamps, values)
 *         .points("detections", detectionTimes, detectionValues)
 *         .horizontal(0.93, "threshold")
 *         .toSvg();
 * }</pre>
 */
public final class SvgChart {
  /** Pixel columns a line is thinned to. */
  public static final int MAX_COLUMNS = 900;

  private static final int WIDTH = 960;
  private static final int HEIGHT = 272;
  private static final int LEFT = 64;
  private static final int RIGHT = 16;
  private static final int TOP = 40;
  private static final int BOTTOM = 36;
  private static final String[] PALETTE = {
    "#1f77b4", "#ff7f0e", "#2ca02c", "#9467bd", "#8c564b", "#17becf", "#7f7f7f"
  };
  private static final DateTimeFormatter DAY =
      DateTimeFormatter.ofPattern("yyyy-MM-dd", Locale.ROOT).withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter HOUR =
      DateTimeFormatter.ofPattern("MM-dd HH:mm", Locale.ROOT).withZone(ZoneOffset.UTC);

  private final String title;
  private final List<Line> lines = new ArrayList<>();
  private final List<Line> pointSets = new ArrayList<>();
  private final List<Line> barSets = new ArrayList<>();
  private final List<double[]> bands = new ArrayList<>();
  private final List<String> bandLabels = new ArrayList<>();
  private final List<Reference> horizontals = new ArrayList<>();
  private final List<Reference> verticals = new ArrayList<>();
  private boolean timeAxis;
  private String xLabel = "";
  private String yLabel = "";
  private double yMin = Double.NaN;
  private double yMax = Double.NaN;

  private record Line(String name, double[] xs, double[] ys, String color) {}

  private record Reference(double at, String label, String color) {}

  private SvgChart(String title) {
    this.title = title;
  }

  /** A new empty chart with a title. */
  public static SvgChart create(String title) {
    return new SvgChart(title);
  }

  /** X values are epoch milliseconds, shown as UTC dates. */
  public SvgChart timeAxis() {
    this.timeAxis = true;
    return this;
  }

  /** Axis captions. */
  public SvgChart labels(String x, String y) {
    this.xLabel = x;
    this.yLabel = y;
    return this;
  }

  /** Fixes the y range instead of fitting it to the data. */
  public SvgChart yRange(double min, double max) {
    if (!(max > min)) {
      throw new IllegalArgumentException("y range max should exceed min, got " + min + ".." + max);
    }
    this.yMin = min;
    this.yMax = max;
    return this;
  }

  /** A line through the points {@code (xs[i], ys[i])}; non-finite values break the line. */
  public SvgChart line(String name, double[] xs, double[] ys) {
    lines.add(new Line(name, checked(xs, ys), ys, nextColor()));
    return this;
  }

  /** Point markers (red circles), e.g. detections. */
  public SvgChart points(String name, double[] xs, double[] ys) {
    pointSets.add(new Line(name, checked(xs, ys), ys, "#d62728"));
    return this;
  }

  /** Vertical bars from zero at each x, e.g. a histogram with its bucket starts as xs. */
  public SvgChart bars(String name, double[] xs, double[] heights) {
    barSets.add(new Line(name, checked(xs, heights), heights, nextColor()));
    return this;
  }

  /** A shaded x-range, e.g. a labelled anomaly window. */
  public SvgChart band(double fromX, double toX, String label) {
    bands.add(new double[] {Math.min(fromX, toX), Math.max(fromX, toX)});
    bandLabels.add(label);
    return this;
  }

  /** A dashed horizontal line at {@code y}, e.g. a threshold. */
  public SvgChart horizontal(double y, String label) {
    horizontals.add(new Reference(y, label, "#d62728"));
    return this;
  }

  /** A vertical line at {@code x}, e.g. a drift event. */
  public SvgChart vertical(double x, String label) {
    verticals.add(new Reference(x, label, "#9467bd"));
    return this;
  }

  private String nextColor() {
    return PALETTE[(lines.size() + barSets.size()) % PALETTE.length];
  }

  private static double[] checked(double[] xs, double[] ys) {
    if (xs.length != ys.length) {
      throw new IllegalArgumentException(
          "xs and ys should have the same length, got " + xs.length + " and " + ys.length);
    }
    return xs;
  }

  /** The chart as an {@code <svg>} element of class {@code chart}. */
  public String toSvg() {
    double[] xr = xRange();
    double[] yr = yRange();
    Frame f = new Frame(xr[0], xr[1], yr[0], yr[1]);
    StringBuilder svg = new StringBuilder(16_384);
    svg.append(
        String.format(
            Locale.ROOT,
            "<svg class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %d %d\""
                + " width=\"100%%\" role=\"img\" aria-label=\"%s\">%n",
            WIDTH,
            HEIGHT,
            Html.escape(title)));
    svg.append(
        text(LEFT, 14, "start", "chart-title", title));
    for (int i = 0; i < bands.size(); i++) {
      double x0 = f.px(Math.max(bands.get(i)[0], xr[0]));
      double x1 = f.px(Math.min(bands.get(i)[1], xr[1]));
      svg.append(
          String.format(
              Locale.ROOT,
              "<rect class=\"band\" x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"%d\""
                  + " fill=\"#f5b7b1\" fill-opacity=\"0.45\"><title>%s</title></rect>%n",
              x0,
              TOP,
              Math.max(1.0, x1 - x0),
              HEIGHT - TOP - BOTTOM,
              Html.escape(bandLabels.get(i))));
    }
    axes(svg, f);
    for (Line bar : barSets) {
      bars(svg, f, bar);
    }
    for (Line line : lines) {
      path(svg, f, line);
    }
    for (Reference h : horizontals) {
      double y = f.py(h.at());
      svg.append(
          String.format(
              Locale.ROOT,
              "<line class=\"threshold\" x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"%s\""
                  + " stroke-dasharray=\"6 4\"><title>%s</title></line>%n",
              LEFT,
              WIDTH - RIGHT,
              y,
              y,
              h.color(),
              Html.escape(h.label() + " " + number(h.at()))));
    }
    for (Reference v : verticals) {
      double x = f.px(v.at());
      svg.append(
          String.format(
              Locale.ROOT,
              "<line class=\"marker\" x1=\"%.1f\" x2=\"%.1f\" y1=\"%d\" y2=\"%d\" stroke=\"%s\""
                  + " stroke-width=\"1.5\"><title>%s</title></line>%n",
              x,
              x,
              TOP,
              HEIGHT - BOTTOM,
              v.color(),
              Html.escape(v.label())));
    }
    for (Line set : pointSets) {
      for (int i = 0; i < set.xs().length; i++) {
        if (Double.isFinite(set.ys()[i])) {
          svg.append(
              String.format(
                  Locale.ROOT,
                  "<circle class=\"point\" cx=\"%.1f\" cy=\"%.1f\" r=\"3\" fill=\"%s\"/>%n",
                  f.px(set.xs()[i]),
                  f.py(set.ys()[i]),
                  set.color()));
        }
      }
    }
    legend(svg);
    svg.append("</svg>\n");
    return svg.toString();
  }

  private void legend(StringBuilder svg) {
    List<String[]> entries = new ArrayList<>();
    lines.forEach(l -> entries.add(new String[] {l.name(), l.color()}));
    barSets.forEach(l -> entries.add(new String[] {l.name(), l.color()}));
    pointSets.forEach(l -> entries.add(new String[] {l.name(), l.color()}));
    if (!bands.isEmpty()) {
      entries.add(new String[] {bandLabels.get(0), "#f5b7b1"});
    }
    horizontals.forEach(h -> entries.add(new String[] {h.label(), h.color()}));
    if (!verticals.isEmpty()) {
      entries.add(new String[] {verticals.get(0).label().split(" ")[0], verticals.get(0).color()});
    }
    int x = WIDTH - RIGHT;
    for (int i = entries.size() - 1; i >= 0; i--) {
      String name = entries.get(i)[0];
      int width = 18 + 7 * name.length();
      x -= width;
      svg.append(
          String.format(
              Locale.ROOT,
              "<rect x=\"%d\" y=\"21\" width=\"10\" height=\"10\" fill=\"%s\"/>",
              x,
              entries.get(i)[1]));
      svg.append(text(x + 14, 30, "start", "legend", name));
    }
  }

  private void axes(StringBuilder svg, Frame f) {
    int bottom = HEIGHT - BOTTOM;
    svg.append(
        String.format(
            Locale.ROOT,
            "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\" stroke=\"#999\"/>%n",
            LEFT,
            TOP,
            WIDTH - LEFT - RIGHT,
            bottom - TOP));
    for (double tick : ticks(f.y0, f.y1, 5)) {
      double y = f.py(tick);
      svg.append(
          String.format(
              Locale.ROOT,
              "<line x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"#eee\"/>",
              LEFT,
              WIDTH - RIGHT,
              y,
              y));
      svg.append(text(LEFT - 4, y + 4, "end", "tick", number(tick)));
    }
    for (double tick : ticks(f.x0, f.x1, 6)) {
      double x = f.px(tick);
      svg.append(
          String.format(
              Locale.ROOT,
              "<line x1=\"%.1f\" x2=\"%.1f\" y1=\"%d\" y2=\"%d\" stroke=\"#999\"/>",
              x,
              x,
              bottom,
              bottom + 4));
      svg.append(text(x, bottom + 16, "middle", "tick", xText(tick, f.x1 - f.x0)));
    }
    if (!xLabel.isEmpty()) {
      svg.append(text((LEFT + WIDTH - RIGHT) / 2.0, HEIGHT - 4, "middle", "axis", xLabel));
    }
    if (!yLabel.isEmpty()) {
      svg.append(
          String.format(
              Locale.ROOT,
              "<text class=\"axis\" transform=\"translate(12 %d) rotate(-90)\""
                  + " text-anchor=\"middle\" font-size=\"11\">%s</text>%n",
              (TOP + bottom) / 2,
              Html.escape(yLabel)));
    }
  }

  private String xText(double x, double span) {
    if (!timeAxis) {
      return number(x);
    }
    Instant at = Instant.ofEpochMilli((long) x);
    return span > 4 * 86_400_000.0 ? DAY.format(at) : HOUR.format(at);
  }

  private void path(StringBuilder svg, Frame f, Line line) {
    StringBuilder d = new StringBuilder(line.xs().length * 8);
    boolean pen = false;
    int n = line.xs().length;
    // Min/max per pixel column keeps spikes: a plain stride would skip them.
    double columnWidth = (f.x1 - f.x0) / MAX_COLUMNS;
    int i = 0;
    while (i < n) {
      if (!Double.isFinite(line.ys()[i]) || !Double.isFinite(line.xs()[i])) {
        pen = false;
        i++;
        continue;
      }
      int column = (int) ((line.xs()[i] - f.x0) / columnWidth);
      double lo = line.ys()[i];
      double hi = lo;
      double first = lo;
      double last = lo;
      int loAt = i;
      int hiAt = i;
      int j = i + 1;
      while (j < n
          && Double.isFinite(line.ys()[j])
          && (int) ((line.xs()[j] - f.x0) / columnWidth) == column) {
        double y = line.ys()[j];
        if (y < lo) {
          lo = y;
          loAt = j;
        }
        if (y > hi) {
          hi = y;
          hiAt = j;
        }
        last = y;
        j++;
      }
      double x = f.px(line.xs()[i]);
      d.append(pen ? 'L' : 'M').append(coordinate(x, f.py(first)));
      if (j - i > 1) {
        double[] order = loAt < hiAt ? new double[] {lo, hi} : new double[] {hi, lo};
        d.append('L').append(coordinate(x, f.py(order[0])));
        d.append('L').append(coordinate(x, f.py(order[1])));
        d.append('L').append(coordinate(x, f.py(last)));
      }
      pen = true;
      i = j;
    }
    svg.append(
        String.format(
            Locale.ROOT,
            "<path class=\"series\" data-series=\"%s\" d=\"%s\" fill=\"none\" stroke=\"%s\""
                + " stroke-width=\"1.2\"/>%n",
            Html.escape(line.name()),
            d,
            line.color()));
  }

  private void bars(StringBuilder svg, Frame f, Line bar) {
    int n = bar.xs().length;
    double width = n > 1 ? (f.px(bar.xs()[1]) - f.px(bar.xs()[0])) * 0.9 : 20;
    for (int i = 0; i < n; i++) {
      double y = f.py(bar.ys()[i]);
      double zero = f.py(Math.max(0, f.y0));
      svg.append(
          String.format(
              Locale.ROOT,
              "<rect class=\"bar\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\""
                  + " fill=\"%s\"><title>%s: %s</title></rect>%n",
              f.px(bar.xs()[i]),
              Math.min(y, zero),
              Math.max(1.0, width),
              Math.abs(zero - y),
              bar.color(),
              Html.escape(number(bar.xs()[i])),
              number(bar.ys()[i])));
    }
  }

  private static String coordinate(double x, double y) {
    return String.format(Locale.ROOT, "%.1f %.1f", x, y);
  }

  private double[] xRange() {
    double lo = Double.POSITIVE_INFINITY;
    double hi = Double.NEGATIVE_INFINITY;
    for (List<Line> sets : List.of(lines, pointSets, barSets)) {
      for (Line l : sets) {
        for (double x : l.xs()) {
          if (Double.isFinite(x)) {
            lo = Math.min(lo, x);
            hi = Math.max(hi, x);
          }
        }
      }
    }
    for (int i = 0; i < barSets.size(); i++) {
      double[] xs = barSets.get(i).xs();
      if (xs.length > 1) {
        hi += xs[xs.length - 1] - xs[xs.length - 2];
      }
    }
    return fit(lo, hi);
  }

  private double[] yRange() {
    if (!Double.isNaN(yMin)) {
      return new double[] {yMin, yMax};
    }
    double lo = Double.POSITIVE_INFINITY;
    double hi = Double.NEGATIVE_INFINITY;
    for (List<Line> sets : List.of(lines, pointSets, barSets)) {
      for (Line l : sets) {
        for (double y : l.ys()) {
          if (Double.isFinite(y)) {
            lo = Math.min(lo, y);
            hi = Math.max(hi, y);
          }
        }
      }
    }
    if (!barSets.isEmpty()) {
      lo = Math.min(lo, 0);
    }
    for (Reference h : horizontals) {
      if (Double.isFinite(h.at())) {
        lo = Math.min(lo, h.at());
        hi = Math.max(hi, h.at());
      }
    }
    double[] range = fit(lo, hi);
    double pad = (range[1] - range[0]) * 0.05;
    return new double[] {range[0] - (lo == 0 ? 0 : pad), range[1] + pad};
  }

  private static double[] fit(double lo, double hi) {
    if (!Double.isFinite(lo) || !Double.isFinite(hi)) {
      return new double[] {0, 1};
    }
    if (hi == lo) {
      return new double[] {lo - 0.5, hi + 0.5};
    }
    return new double[] {lo, hi};
  }

  /** Round tick values: 1, 2 or 5 times a power of ten apart. */
  static List<Double> ticks(double lo, double hi, int target) {
    double raw = (hi - lo) / target;
    double magnitude = Math.pow(10, Math.floor(Math.log10(raw)));
    double step = magnitude;
    for (double m : new double[] {1, 2, 5, 10}) {
      step = m * magnitude;
      if (step >= raw) {
        break;
      }
    }
    List<Double> ticks = new ArrayList<>();
    for (double t = Math.ceil(lo / step) * step; t <= hi + step * 1e-9; t += step) {
      ticks.add(Math.abs(t) < step * 1e-9 ? 0.0 : t);
    }
    return ticks;
  }

  static String number(double v) {
    double a = Math.abs(v);
    if (a != 0 && (a >= 1e6 || a < 1e-3)) {
      return String.format(Locale.ROOT, "%.2e", v);
    }
    String s = String.format(Locale.ROOT, "%.3f", v);
    s = s.replaceAll("0+$", "");
    return s.endsWith(".") ? s.substring(0, s.length() - 1) : s;
  }

  private static String text(double x, double y, String anchor, String css, String content) {
    return String.format(
        Locale.ROOT,
        "<text class=\"%s\" x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\" font-size=\"%d\">%s</text>%n",
        css,
        x,
        y,
        anchor,
        css.equals("chart-title") ? 13 : 11,
        Html.escape(content));
  }

  /** Maps data coordinates to pixels. */
  private static final class Frame {
    final double x0;
    final double x1;
    final double y0;
    final double y1;

    Frame(double x0, double x1, double y0, double y1) {
      this.x0 = x0;
      this.x1 = x1;
      this.y0 = y0;
      this.y1 = y1;
    }

    double px(double x) {
      return LEFT + (x - x0) / (x1 - x0) * (WIDTH - LEFT - RIGHT);
    }

    double py(double y) {
      double clamped = Math.max(y0, Math.min(y1, y));
      return HEIGHT - BOTTOM - (clamped - y0) / (y1 - y0) * (HEIGHT - TOP - BOTTOM);
    }
  }
}
