package dev.streamml.pipelines.nab;

import dev.streamml.anomaly.AnomalyDetection;
import dev.streamml.eval.nab.NabProfile;
import dev.streamml.eval.nab.NabResult;
import dev.streamml.eval.nab.NabScorer;
import dev.streamml.eval.nab.NabSeries;
import dev.streamml.pipelines.anomaly.DetectorCatalog;
import dev.streamml.pipelines.report.RunMetrics;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.metrics.MetricNameFilter;
import org.apache.beam.sdk.metrics.MetricResult;
import org.apache.beam.sdk.metrics.MetricsFilter;
import org.apache.beam.sdk.options.PipelineOptions;

/**
 * Runs a named detector over a {@link NabDataSet} with the {@link NabPipeline} on the runner the
 * options pick, then grades the results files it wrote with {@link NabScorer} for NAB's three
 * profiles (one threshold over all files per profile, as NAB's optimizer does).
 *
 * <pre>{@code
 * NabDataSet data = NabDataSet.load(Path.of("data/nab"));
 * NabBenchmark.Outcome outcome =
 *     NabBenchmark.run(
 *         data, "knn-conformal", Path.of("results"), options, new NabBenchmark.Progress());
 * outcome.result(NabProfile.STANDARD).getNormalizedScore(); // 58.8 on the bundled data
 * }</pre>
 */
public final class NabBenchmark {

  private static final long POLL_MILLIS = 250;

  /** What a run has done so far, from the pipeline's metrics (-1 while unknown). */
  public static final class Progress {
    private final AtomicLong rowsScored = new AtomicLong(-1);
    private final AtomicLong filesWritten = new AtomicLong(-1);

    /** Rows the detector has scored, or -1 while the runner reports no metrics. */
    public long rowsScored() {
      return rowsScored.get();
    }

    /** Results files written, or -1 while the runner reports no metrics. */
    public long filesWritten() {
      return filesWritten.get();
    }
  }

  /** A finished run: the results per profile and where they came from. */
  public static final class Outcome {
    private final Map<NabProfile, NabResult> results;
    private final List<NabSeries> series;
    private final double pipelineSeconds;
    private final RunMetrics runMetrics;

    Outcome(
        Map<NabProfile, NabResult> results,
        List<NabSeries> series,
        double pipelineSeconds,
        RunMetrics runMetrics) {
      this.results = results;
      this.series = series;
      this.pipelineSeconds = pipelineSeconds;
      this.runMetrics = runMetrics;
    }

    /** The pipeline's Beam counters and distributions. */
    public RunMetrics runMetrics() {
      return runMetrics;
    }

    /** The result for {@code profile}, one of {@link NabProfile#standardProfiles()}. */
    public NabResult result(NabProfile profile) {
      return results.get(profile);
    }

    /** The series graded, with the scores read back from the results files, in name order. */
    public List<NabSeries> series() {
      return series;
    }

    /** Wall-clock seconds from starting the pipeline until it finished. */
    public double pipelineSeconds() {
      return pipelineSeconds;
    }
  }

  private NabBenchmark() {}

  /**
   * Scores every file of {@code data} with the detector named {@code detectorName} (see {@link
   * DetectorCatalog}), writes the results files under {@code out} and grades them.
   *
   * @throws IllegalArgumentException if the detector name is unknown or there is no file to score
   * @throws IllegalStateException if the pipeline fails or a results file does not match its data
   */
  public static Outcome run(
      NabDataSet data, String detectorName, Path out, PipelineOptions options, Progress progress)
      throws InterruptedException {
    Pipeline pipeline = Pipeline.create(options);
    NabPipeline.build(
        pipeline, data.files(), DetectorCatalog.named(detectorName), detectorName, out);
    long start = System.nanoTime();
    PipelineResult result = runToEnd(pipeline, progress);
    double seconds = (System.nanoTime() - start) / 1e9;

    List<NabSeries> series = new ArrayList<>();
    for (NabDataFile file : data.files()) {
      Path results = NabResultsFile.path(out, detectorName, file.name());
      series.add(file.series(NabResultsFile.readScores(results, file)));
    }
    return new Outcome(grade(series), series, seconds, RunMetrics.of(result));
  }

  /** NAB's three standard profiles graded over {@code series}, in NAB's order. */
  public static Map<NabProfile, NabResult> grade(List<NabSeries> series) {
    NabScorer scorer = NabScorer.create();
    Map<NabProfile, NabResult> results = new LinkedHashMap<>();
    for (NabProfile profile : NabProfile.standardProfiles()) {
      results.put(profile, scorer.score(series, profile));
    }
    return results;
  }

  /**
   * Runs the pipeline on a thread of its own (Flink's run() blocks until the job ends; the Direct
   * runner's returns at once with {@code --blockOnRun=false}), polling its metrics meanwhile.
   */
  private static PipelineResult runToEnd(Pipeline pipeline, Progress progress)
      throws InterruptedException {
    AtomicReference<PipelineResult> started = new AtomicReference<>();
    AtomicReference<Throwable> failure = new AtomicReference<>();
    AtomicReference<PipelineResult.State> state = new AtomicReference<>();
    Thread runner =
        new Thread(
            () -> {
              try {
                PipelineResult result = pipeline.run();
                started.set(result);
                state.set(result.waitUntilFinish());
              } catch (Throwable e) {
                failure.set(e);
              }
            },
            "streamml-nab-pipeline");
    runner.start();
    try {
      while (runner.isAlive()) {
        runner.join(POLL_MILLIS);
        poll(started.get(), progress);
      }
    } catch (InterruptedException e) {
      cancel(started.get());
      runner.interrupt();
      throw e;
    }
    if (failure.get() != null) {
      throw new IllegalStateException(
          "the NAB pipeline failed: " + failure.get().getMessage(), failure.get());
    }
    poll(started.get(), progress);
    if (state.get() != PipelineResult.State.DONE) {
      throw new IllegalStateException("the NAB pipeline ended " + state.get() + ", not DONE");
    }
    return started.get();
  }

  private static void poll(PipelineResult result, Progress progress) {
    if (result == null) {
      return;
    }
    long scored = counter(result, AnomalyDetection.METRIC_NAMESPACE, AnomalyDetection.SCORED);
    long written = counter(result, NabPipeline.METRIC_NAMESPACE, NabPipeline.FILES_WRITTEN);
    if (scored >= 0) {
      progress.rowsScored.set(scored);
    }
    if (written >= 0) {
      progress.filesWritten.set(written);
    }
  }

  /** The attempted value of a counter, or -1 if the runner cannot tell yet. */
  private static long counter(PipelineResult result, String namespace, String name) {
    try {
      long total = 0;
      for (MetricResult<Long> counter :
          result
              .metrics()
              .queryMetrics(
                  MetricsFilter.builder()
                      .addNameFilter(MetricNameFilter.named(namespace, name))
                      .build())
              .getCounters()) {
        Long attempted = counter.getAttempted();
        total += attempted == null ? 0 : attempted;
      }
      return total;
    } catch (RuntimeException e) {
      return -1;
    }
  }

  private static void cancel(PipelineResult result) {
    if (result != null) {
      try {
        result.cancel();
      } catch (IOException | RuntimeException e) {
        // Interrupted anyway: the interruption is what gets reported.
      }
    }
  }
}
