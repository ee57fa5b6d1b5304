package dev.streamml.pipelines.bench;

import dev.streamml.pipelines.report.HtmlReport;
import dev.streamml.pipelines.report.SvgChart;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Turns saved harness lines into the tables and the plot of docs/benchmarks.md: medians per
 * configuration of the {@code bench} lines (events/s, baseline events/s, ratio) and of the {@code
 * latency} lines (p50, p99, p99.9), of the {@code cpu} lines (the same rates per CPU-second of the
 * harness JVM), and an SVG with a bar per configuration. A line may carry a
 * configuration label before a {@code |} ({@code flink objectReuse=false | bench pipeline=...});
 * without one the label is pipeline and runner. Other lines are ignored.
 *
 * <pre>{@code
 * BenchReport report = BenchReport.read(Path.of("bench-results.txt"));
 * System.out.print(report.markdown());
 * report.writeSvg(Path.of("docs/benchmarks.svg"));
 * }</pre>
 */
public final class BenchReport {
  private final Map<String, List<Map<String, String>>> bench = new LinkedHashMap<>();
  private final Map<String, List<Map<String, String>>> latency = new LinkedHashMap<>();
  private final Map<String, List<Map<String, String>>> cpu = new LinkedHashMap<>();

  private BenchReport() {}

  public static BenchReport read(Path file) throws IOException {
    return parse(Files.readAllLines(file, StandardCharsets.UTF_8));
  }

  static BenchReport parse(List<String> lines) {
    BenchReport report = new BenchReport();
    for (String raw : lines) {
      String label = null;
      String line = raw.strip();
      int bar = line.indexOf('|');
      if (bar >= 0) {
        label = line.substring(0, bar).strip();
        line = line.substring(bar + 1).strip();
      }
      boolean isBench = line.startsWith("bench ");
      boolean isCpu = line.startsWith("cpu ");
      if (!isBench && !isCpu && !line.startsWith("latency ")) {
        continue;
      }
      Map<String, String> fields = new LinkedHashMap<>();
      for (String token : line.split("\\s+")) {
        int equals = token.indexOf('=');
        if (equals > 0) {
          fields.put(token.substring(0, equals), token.substring(equals + 1));
        }
      }
      if (label == null || label.isEmpty()) {
        label = fields.get("pipeline") + " " + fields.get("runner");
      }
      (isBench ? report.bench : isCpu ? report.cpu : report.latency)
          .computeIfAbsent(label, l -> new ArrayList<>())
          .add(fields);
    }
    return report;
  }

  static double median(List<Double> values) {
    List<Double> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }

  private static double median(List<Map<String, String>> runs, String field) {
    List<Double> values = new ArrayList<>();
    for (Map<String, String> run : runs) {
      values.add(Double.parseDouble(run.get(field)));
    }
    return median(values);
  }

  /** Markdown tables of medians. */
  public String markdown() {
    StringBuilder text = new StringBuilder();
    ratioTable(text, bench, "events/s", "baseline events/s", "events_per_s", "baseline_events_per_s");
    ratioTable(
        text, cpu, "events per CPU-s", "baseline events per CPU-s",
        "events_per_cpu_s", "baseline_events_per_cpu_s");
    if (!latency.isEmpty()) {
      separate(text);
      text.append("| configuration | runs | rate (events/s) | p50 ms | p99 ms | p99.9 ms |\n");
      text.append("|---|---:|---:|---:|---:|---:|\n");
      latency.forEach(
          (label, runs) ->
              text.append(
                  String.format(
                      Locale.ROOT,
                      "| %s | %d | %.0f | %.0f | %.0f | %.0f |%n",
                      label,
                      runs.size(),
                      median(runs, "rate"),
                      median(runs, "p50_ms"),
                      median(runs, "p99_ms"),
                      median(runs, "p999_ms"))));
    }
    return text.toString();
  }

  /** One table of a pipeline rate, its baseline's and their ratio, medians per configuration. */
  private static void ratioTable(
      StringBuilder text,
      Map<String, List<Map<String, String>>> runsByLabel,
      String rateHeader,
      String baselineHeader,
      String rateField,
      String baselineField) {
    if (runsByLabel.isEmpty()) {
      return;
    }
    separate(text);
    text.append("| configuration | runs | ")
        .append(rateHeader)
        .append(" | ")
        .append(baselineHeader)
        .append(" | ratio |\n");
    text.append("|---|---:|---:|---:|---:|\n");
    runsByLabel.forEach(
        (label, runs) ->
            text.append(
                String.format(
                    Locale.ROOT,
                    "| %s | %d | %.0f | %.0f | %.3f |%n",
                    label,
                    runs.size(),
                    median(runs, rateField),
                    median(runs, baselineField),
                    median(runs, "ratio"))));
  }

  /** A blank line between tables (none before the first). */
  private static void separate(StringBuilder text) {
    if (text.length() > 0) {
      text.append('\n');
    }
  }

  /**
   * A self-contained HTML report: the median tables, throughput ratios per configuration (wall
   * clock and per CPU-second) and latency percentiles per configuration; configurations are
   * numbered as in the tables.
   */
  public HtmlReport htmlReport(String title) {
    HtmlReport report = HtmlReport.titled("Benchmarks: " + title);
    if (!bench.isEmpty()) {
      List<String> labels = new ArrayList<>(bench.keySet());
      List<List<String>> rows = new ArrayList<>();
      double[] xs = new double[labels.size()];
      double[] wall = new double[labels.size()];
      double[] perCpu = new double[labels.size()];
      for (int i = 0; i < labels.size(); i++) {
        List<Map<String, String>> runs = bench.get(labels.get(i));
        xs[i] = i + 1;
        wall[i] = median(runs, "ratio");
        perCpu[i] = cpu.containsKey(labels.get(i)) ? median(cpu.get(labels.get(i)), "ratio") : Double.NaN;
        rows.add(
            List.of(
                Integer.toString(i + 1),
                labels.get(i),
                Integer.toString(runs.size()),
                String.format(Locale.ROOT, "%.0f", median(runs, "events_per_s")),
                String.format(Locale.ROOT, "%.0f", median(runs, "baseline_events_per_s")),
                String.format(Locale.ROOT, "%.3f", wall[i]),
                Double.isNaN(perCpu[i]) ? "-" : String.format(Locale.ROOT, "%.3f", perCpu[i])));
      }
      report.heading("Throughput");
      report.table(
          List.of("#", "configuration", "runs", "events/s", "baseline events/s", "ratio", "ratio per CPU-s"),
          rows);
      report.chart(
          SvgChart.create("Throughput relative to the plain-Java baseline (median ratio)")
              .labels("configuration #", "ratio")
              .bars("wall clock", xs, wall)
              .points("per CPU-second", xs, perCpu)
              .horizontal(1, "baseline"));
    }
    if (!latency.isEmpty()) {
      List<String> labels = new ArrayList<>(latency.keySet());
      List<List<String>> rows = new ArrayList<>();
      double[] xs = new double[labels.size()];
      double[] p50 = new double[labels.size()];
      double[] p99 = new double[labels.size()];
      double[] p999 = new double[labels.size()];
      for (int i = 0; i < labels.size(); i++) {
        List<Map<String, String>> runs = latency.get(labels.get(i));
        xs[i] = i + 1;
        p50[i] = median(runs, "p50_ms");
        p99[i] = median(runs, "p99_ms");
        p999[i] = median(runs, "p999_ms");
        rows.add(
            List.of(
                Integer.toString(i + 1),
                labels.get(i),
                Integer.toString(runs.size()),
                String.format(Locale.ROOT, "%.0f", median(runs, "rate")),
                String.format(Locale.ROOT, "%.0f", p50[i]),
                String.format(Locale.ROOT, "%.0f", p99[i]),
                String.format(Locale.ROOT, "%.0f", p999[i])));
      }
      report.heading("Latency");
      report.table(
          List.of("#", "configuration", "runs", "rate (events/s)", "p50 ms", "p99 ms", "p99.9 ms"),
          rows);
      report.chart(
          SvgChart.create("Latency percentiles, result visible minus event sent (median of runs)")
              .labels("configuration #", "ms")
              .bars("p99.9", xs, p999)
              .points("p99", xs, p99)
              .line("p50", xs, p50));
    }
    return report;
  }

  /** Writes the plot: median ratio per configuration, and latency percentiles per configuration. */
  public void writeSvg(Path file) throws IOException {
    Svg svg = new Svg(900);
    if (!bench.isEmpty()) {
      List<String> labels = new ArrayList<>(bench.keySet());
      List<double[]> values = new ArrayList<>();
      for (String label : labels) {
        double wall = median(bench.get(label), "ratio");
        double perCpu = cpu.containsKey(label) ? median(cpu.get(label), "ratio") : 0;
        values.add(new double[] {wall, perCpu});
      }
      svg.barChart(
          "Throughput relative to the plain-Java baseline (median ratio, higher is better)",
          labels, values, new String[] {"wall clock", "per CPU-second"}, "%.2f");
    }
    if (!latency.isEmpty()) {
      List<String> labels = new ArrayList<>(latency.keySet());
      List<double[]> values = new ArrayList<>();
      for (String label : labels) {
        List<Map<String, String>> runs = latency.get(label);
        values.add(
            new double[] {median(runs, "p50_ms"), median(runs, "p99_ms"), median(runs, "p999_ms")});
      }
      svg.barChart(
          "Latency, result visible minus event sent (median of runs, ms)",
          labels, values, new String[] {"p50", "p99", "p99.9"}, "%.0f");
    }
    if (file.getParent() != null) {
      Files.createDirectories(file.getParent());
    }
    Files.writeString(file, svg.toString(), StandardCharsets.UTF_8);
  }

  /** A minimal SVG writer: horizontal grouped bars with labels and values, no dependencies. */
  private static final class Svg {
    private static final String[] COLOURS = {"#4472c4", "#ed7d31", "#a5a5a5"};
    private static final int LABEL_WIDTH = 300;
    private static final int BAR_HEIGHT = 16;
    private final int width;
    private final StringBuilder body = new StringBuilder();
    private int y = 10;

    Svg(int width) {
      this.width = width;
    }

    void barChart(String title, List<String> labels, List<double[]> values, String[] series, String format) {
      double max = 0;
      for (double[] row : values) {
        for (double value : row) {
          max = Math.max(max, value);
        }
      }
      max = max <= 0 ? 1 : max * 1.1;
      y += 20;
      body.append(text(10, y, escape(title), "font-weight=\"bold\""));
      y += 10;
      for (int s = 0; s < series.length && series.length > 1; s++) {
        int x = LABEL_WIDTH + s * 90;
        body.append(
            String.format(
                Locale.ROOT,
                "<rect x=\"%d\" y=\"%d\" width=\"12\" height=\"12\" fill=\"%s\"/>%n",
                x, y, COLOURS[s % COLOURS.length]));
        body.append(text(x + 16, y + 11, series[s], ""));
      }
      if (series.length > 1) {
        y += 20;
      }
      int plotWidth = width - LABEL_WIDTH - 80;
      for (int i = 0; i < labels.size(); i++) {
        double[] row = values.get(i);
        int groupHeight = row.length * BAR_HEIGHT;
        body.append(text(10, y + groupHeight / 2 + 5, escape(labels.get(i)), ""));
        for (int s = 0; s < row.length; s++) {
          int barWidth = (int) Math.round(row[s] / max * plotWidth);
          body.append(
              String.format(
                  Locale.ROOT,
                  "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"%s\"/>%n",
                  LABEL_WIDTH, y, Math.max(1, barWidth), BAR_HEIGHT - 2, COLOURS[s % COLOURS.length]));
          body.append(
              text(
                  LABEL_WIDTH + barWidth + 4,
                  y + BAR_HEIGHT - 4,
                  String.format(Locale.ROOT, format, row[s]),
                  "font-size=\"11\""));
          y += BAR_HEIGHT;
        }
        y += 6;
      }
      y += 10;
    }

    private static String text(int x, int y, String content, String attributes) {
      return String.format(
          Locale.ROOT, "<text x=\"%d\" y=\"%d\" %s>%s</text>%n", x, y, attributes, content);
    }

    private static String escape(String text) {
      return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    @Override
    public String toString() {
      return String.format(
              Locale.ROOT,
              "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\""
                  + " font-family=\"sans-serif\" font-size=\"13\">%n"
                  + "<rect width=\"100%%\" height=\"100%%\" fill=\"white\"/>%n",
              width, y + 10)
          + body
          + "</svg>\n";
    }
  }
}
