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
    return run(csv, modelName, causalFeatures, options, new AtomicLong());
  }

  /**
   * As {@link #run(LabelledCsv, String, boolean, PipelineOptions)}, keeping {@code predicted} at
   * the number of predictions made so far (-1 while the runner reports no metrics) for a progress
   * line. With the Direct runner's {@code --blockOnRun=false} the figure moves while it runs.
   */
  public static Outcome run(
      LabelledCsv csv,
      String modelName,
      boolean causalFeatures,
      PipelineOptions options,
      AtomicLong predicted)
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
      PipelineResult.State state = waitPolling(result, predicted);
      if (state != PipelineResult.State.DONE) {
        throw new IllegalStateException("the prequential pipeline ended " + state + ", not DONE");
      }
      predicted.set(counter(result));
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

  private static PipelineResult.State waitPolling(PipelineResult result, AtomicLong predicted) {
    while (true) {
      PipelineResult.State state = result.waitUntilFinish(Duration.millis(POLL_MILLIS));
      if (state != null && state.isTerminal()) {
        return state;
      }
      predicted.set(counter(result));
    }
  }

  private static long counter(PipelineResult result) {
    try {
      long total = 0;
      for (MetricResult<Long> c :
          result
              .metrics()
              .queryMetrics(
                  MetricsFilter.builder()
                      .addNameFilter(
                          MetricNameFilter.named(
                              PrequentialLearning.METRIC_NAMESPACE, PrequentialLearning.PREDICTED))
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
