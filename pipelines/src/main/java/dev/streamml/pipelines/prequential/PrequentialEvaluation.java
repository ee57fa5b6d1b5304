package dev.streamml.pipelines.prequential;

import dev.streamml.eval.metrics.ClassificationMetrics;
import dev.streamml.eval.metrics.RegressionMetrics;
import javax.annotation.Nullable;
import dev.streamml.online.beam.PrequentialLearning;
import dev.streamml.pipelines.prequential.PrequentialPipeline.ScoredRow;
import dev.streamml.pipelines.report.RunMetrics;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.metrics.MetricNameFilter;
import org.apache.beam.sdk.metrics.MetricResult;
import org.apache.beam.sdk.metrics.MetricsFilter;
import org.apache.beam.sdk.options.PipelineOptions;
import org.joda.time.Duration;

/**
 * Runs {@link PrequentialPipeline} over a {@link LabelledCsv} and scores the predictions it wrote.
 *
 * <pre>{@code
 * Outcome outcome = PrequentialEvaluation.run(csv, ModelCatalog.RECOMMENDED, true, options);
 * double accuracy = outcome.metrics().accuracy();
 * }</pre>
 */
public final class PrequentialEvaluation {
  private static final long POLL_MILLIS = 250;

  private PrequentialEvaluation() {}

  /**
   * The metrics of every prediction, how long the pipeline took, the predictions in event-time
   * order (for a report) and the pipeline's Beam metrics.
   */
  public record Outcome(
      @Nullable ClassificationMetrics metrics,
      @Nullable RegressionMetrics regression,
      long events,
      double pipelineSeconds,
      List<ScoredRow> rows,
      RunMetrics runMetrics) {
    public double eventsPerSecond() {
      return pipelineSeconds > 0 ? events / pipelineSeconds : Double.NaN;
    }
  }

  /** Learns {@code csv} with a fresh model {@code modelName}; predictions go to a temp folder. */
  public static Outcome run(
      LabelledCsv csv, String modelName, boolean causalFeatures, PipelineOptions options)
      throws IOException {
    return run(csv, modelName, causalFeatures, options, new Progress());
  }

  /**
   * How far a run is, for a progress line: rows read into the pipeline and predictions made so far,
   * each -1 while the runner reports no metrics. Predictions wait for the watermark, which the
   * Direct runner moves past a bounded input only at its end, so there rows read move first and
   * predictions catch up at the end; rows read is the figure to measure rate and time left by.
   *
   * <pre>{@code
   * PrequentialEvaluation.Progress progress = new PrequentialEvaluation.Progress();
   * // another thread: progress.rowsRead(), progress.predicted()
   * PrequentialEvaluation.run(csv, model, true, options, progress);
   * }</pre>
   */
  public static final class Progress {
    private final AtomicLong rowsRead = new AtomicLong(-1);
    private final AtomicLong predicted = new AtomicLong(-1);

    /** Rows that entered the pipeline so far, or -1 while unknown. */
    public long rowsRead() {
      return rowsRead.get();
    }

    /** Predictions made so far, or -1 while unknown. */
    public long predicted() {
      return predicted.get();
    }

    void update(PipelineResult result) {
      rowsRead.set(
          counter(result, PrequentialPipeline.METRIC_NAMESPACE, PrequentialPipeline.ROWS_READ));
      predicted.set(
          counter(result, PrequentialLearning.METRIC_NAMESPACE, PrequentialLearning.PREDICTED));
    }
  }

  /**
   * As {@link #run(LabelledCsv, String, boolean, PipelineOptions)}, keeping {@code progress} up to
   * date while the pipeline runs (with the Direct runner's {@code --blockOnRun=false}, which lets
   * {@code run()} return at once) and once more at its end.
   */
  public static Outcome run(
      LabelledCsv csv,
      String modelName,
      boolean causalFeatures,
      PipelineOptions options,
      Progress progress)
      throws IOException {
    if (csv.isRegression() != ModelCatalog.isRegression(modelName)) {
      throw new IllegalArgumentException(
          "model "
              + modelName
              + (csv.isRegression()
                  ? " is a classifier but the labels were read as numbers"
                  : " is a regressor but the labels were read as classes"));
    }
    int classes = csv.isRegression() ? 2 : csv.classCount();
    PrequentialLearning learning =
        PrequentialLearning.of(ModelCatalog.named(modelName, classes));
    if (causalFeatures) {
      learning = learning.withCausalFeatures();
    }
    Path out = Files.createTempDirectory("streamml-prequential-");
    try {
      Pipeline pipeline = Pipeline.create(options);
      PrequentialPipeline.build(pipeline, csv.events(), learning, out);
      long start = System.nanoTime();
      PipelineResult result = pipeline.run();
      PipelineResult.State state = waitPolling(result, progress);
      if (state != PipelineResult.State.DONE) {
        throw new IllegalStateException("the prequential pipeline ended " + state + ", not DONE");
      }
      progress.update(result);
      double seconds = (System.nanoTime() - start) / 1e9;
      List<ScoredRow> rows = PrequentialPipeline.read(out);
      if (rows.size() != csv.rowCount()) {
        throw new IllegalStateException(
            "expected " + csv.rowCount() + " predictions, the pipeline wrote " + rows.size());
      }
      if (csv.isRegression()) {
        RegressionMetrics regression = new RegressionMetrics();
        rows.forEach(row -> regression.add(row.actualValue(), row.value()));
        return new Outcome(null, regression, rows.size(), seconds, rows, RunMetrics.of(result));
      }
      ClassificationMetrics metrics = ClassificationMetrics.forClasses(classes);
      for (ScoredRow row : rows) {
        if (classes == 2) {
          metrics.add(row.actual(), row.predicted(), row.probabilityOfOne());
        } else {
          metrics.add(row.actual(), row.predicted());
        }
      }
      return new Outcome(metrics, null, rows.size(), seconds, rows, RunMetrics.of(result));
    } finally {
      deleteQuietly(out);
    }
  }

  private static PipelineResult.State waitPolling(PipelineResult result, Progress progress) {
    while (true) {
      PipelineResult.State state = result.waitUntilFinish(Duration.millis(POLL_MILLIS));
      if (state != null && state.isTerminal()) {
        return state;
      }
      progress.update(result);
    }
  }

  private static long counter(PipelineResult result, String namespace, String name) {
    try {
      long total = 0;
      for (MetricResult<Long> c :
          result
              .metrics()
              .queryMetrics(
                  MetricsFilter.builder()
                      .addNameFilter(MetricNameFilter.named(namespace, name))
                      .build())
              .getCounters()) {
        Long attempted = c.getAttempted();
        total += attempted == null ? 0 : attempted;
      }
      return total;
    } catch (RuntimeException e) {
      return -1;
    }
  }

  private static void deleteQuietly(Path folder) {
    try (Stream<Path> walk = Files.walk(folder)) {
      walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // A temp folder left behind is harmless.
    }
  }
}
