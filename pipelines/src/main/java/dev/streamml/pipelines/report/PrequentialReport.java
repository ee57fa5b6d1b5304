package dev.streamml.pipelines.report;

import dev.streamml.drift.Adwin;
import dev.streamml.drift.DriftState;
import dev.streamml.eval.metrics.ClassificationMetrics;
import dev.streamml.pipelines.prequential.PrequentialPipeline.ScoredRow;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The report of a {@code prequential} run: accuracy and Cohen's kappa over consecutive blocks of
 * predictions and the cumulative accuracy, with the drift events that ADWIN finds in the stream of
 * prediction errors (1 wrong, 0 right) marked as vertical lines.
 *
 * <p>The pipeline does not run a drift detector of its own, so the report runs one over the
 * predictions it wrote, in event-time order: a drift line says the error rate changed there.
 *
 * <pre>{@code
 * PrequentialEvaluation.Outcome outcome = PrequentialEvaluation.run(csv, model, true, options);
 * PrequentialReport.write(outcome.rows(), csv.classCount(), "elec2, hoeffding-adaptive",
 *     Path.of("reports/prequential.html"));
 * }</pre>
 */
public final class PrequentialReport {
  /** Fewest predictions in one block of the over-time curves. */
  public static final int MIN_BLOCK = 50;

  /** Blocks the run is cut into, at most. */
  public static final int BLOCKS = 200;

  private PrequentialReport() {}

  /** What the curves show, for tests and for the report's table. */
  public record Curves(
      int block,
      double[] blockEnd,
      double[] blockAccuracy,
      double[] blockKappa,
      double[] cumulativeAccuracy,
      List<Integer> driftRows) {}

  /** Builds the report and writes it to {@code file}. */
  public static Path write(List<ScoredRow> rows, int classes, String title, Path file)
      throws IOException {
    return build(rows, classes, title).write(file);
  }

  /** Computes the curves of {@code rows} (in event-time order) for {@code classes} classes. */
  public static Curves curves(List<ScoredRow> rows, int classes) {
    int n = rows.size();
    int block = Math.max(MIN_BLOCK, (n + BLOCKS - 1) / BLOCKS);
    int blocks = (n + block - 1) / block;
    double[] ends = new double[blocks];
    double[] accuracy = new double[blocks];
    double[] kappa = new double[blocks];
    double[] cumulative = new double[blocks];
    List<Integer> drifts = new ArrayList<>();
    Adwin adwin = Adwin.create();
    long correct = 0;
    for (int b = 0; b < blocks; b++) {
      ClassificationMetrics metrics = ClassificationMetrics.forClasses(classes);
      int end = Math.min(n, (b + 1) * block);
      for (int i = b * block; i < end; i++) {
        ScoredRow row = rows.get(i);
        if (row.actual() < 0) {
          continue; // unlabelled: nothing to score
        }
        metrics.add(row.actual(), row.predicted());
        boolean right = row.actual() == row.predicted();
        correct += right ? 1 : 0;
        if (adwin.update(right ? 0 : 1) == DriftState.DRIFT) {
          drifts.add(i);
        }
      }
      ends[b] = end;
      accuracy[b] = 100 * metrics.accuracy();
      kappa[b] = 100 * metrics.kappa();
      cumulative[b] = 100.0 * correct / end;
    }
    return new Curves(block, ends, accuracy, kappa, cumulative, drifts);
  }

  /** The report, not yet written. */
  public static HtmlReport build(List<ScoredRow> rows, int classes, String title) {
    Curves c = curves(rows, classes);
    HtmlReport report = HtmlReport.titled("Prequential evaluation: " + title);
    ClassificationMetrics all = ClassificationMetrics.forClasses(classes);
    rows.stream().filter(r -> r.actual() >= 0).forEach(r -> all.add(r.actual(), r.predicted()));
    report.paragraph(
        String.format(
            Locale.ROOT,
            "%d predictions, %d classes: accuracy %.2f%%, kappa %.2f%%. Curves over blocks of %d"
                + " predictions; vertical lines: %d drift events found by ADWIN (delta %s) in"
                + " the error stream.",
            rows.size(),
            classes,
            100 * all.accuracy(),
            100 * all.kappa(),
            c.block(),
            c.driftRows().size(),
            SvgChart.number(Adwin.DEFAULT_DELTA)));
    SvgChart accuracy =
        SvgChart.create("Accuracy over time")
            .labels("predictions", "%")
            .yRange(0, 100)
            .line("block accuracy", c.blockEnd(), c.blockAccuracy())
            .line("cumulative accuracy", c.blockEnd(), c.cumulativeAccuracy());
    SvgChart kappa =
        SvgChart.create("Cohen's kappa over time")
            .labels("predictions", "%")
            .line("block kappa", c.blockEnd(), c.blockKappa());
    for (int row : c.driftRows()) {
      accuracy.vertical(row, "drift at prediction " + row);
      kappa.vertical(row, "drift at prediction " + row);
    }
    report.chart(accuracy).chart(kappa);
    List<List<String>> table = new ArrayList<>();
    for (int row : c.driftRows()) {
      table.add(List.of(Integer.toString(row), rows.get(row).id()));
    }
    if (!table.isEmpty()) {
      report.heading("Drift events");
      report.table(List.of("prediction", "event id"), table);
    }
    return report;
  }
}
