package dev.streamml.pipelines.nab;

import dev.streamml.anomaly.AnomalyDetection;
import dev.streamml.anomaly.AnomalyDetector;
import dev.streamml.anomaly.AnomalyResult;
import dev.streamml.anomaly.AnomalyResultCoder;
import dev.streamml.events.Event;
import dev.streamml.events.EventCoder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarLongCoder;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.GroupByKey;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.SerializableFunction;
import org.apache.beam.sdk.transforms.WithKeys;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TimestampedValue;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.joda.time.Duration;

/**
 * Scores NAB data files with a detector as a Beam pipeline: {@code CreateRows -> DetectAnomalies ->
 * WriteResultFiles}. Each file is its own key, so it gets a fresh detector and is scored then
 * learned row by row in file order (rows carry strictly increasing synthetic event times, see
 * {@link NabDataFile#events()}). Each file's results are written, in row order, to {@link
 * NabResultsFile#path}.
 *
 * <p>The files are read and checked in the driver ({@link NabDataSet}), which is what makes a bad
 * row a message about one file rather than a failed pipeline. The output folder must be one the
 * workers can write and the driver read: the local runners' file system.
 *
 * <pre>{@code
 * Pipeline pipeline = Pipeline.create(options);
 * NabPipeline.build(pipeline, data.files(), KnnConformalDetector.create(), "knn-conformal", out);
 * pipeline.run().waitUntilFinish();
 * }</pre>
 *
 * <p>Metrics, in {@value #METRIC_NAMESPACE}: {@value #FILES_WRITTEN} and {@value #ROWS_WRITTEN};
 * {@link AnomalyDetection}'s own count the rows scored.
 */
public final class NabPipeline {

  /** Namespace of this pipeline's metrics. */
  public static final String METRIC_NAMESPACE = "streamml.nab";

  /** Counter of results files written. */
  public static final String FILES_WRITTEN = "files_written";

  /** Counter of results rows written. */
  public static final String ROWS_WRITTEN = "rows_written";

  /**
   * A file's model is never reset for being idle: rows are one synthetic second apart, and no file
   * has a thousand years of rows.
   */
  static final Duration NEVER_IDLE = Duration.standardDays(365L * 1000);

  private NabPipeline() {}

  /**
   * Adds the steps to {@code pipeline} and returns, per file written, its name and row count.
   * {@code detectorName} names the results files.
   */
  public static PCollection<KV<String, Long>> build(
      Pipeline pipeline,
      List<NabDataFile> files,
      AnomalyDetector prototype,
      String detectorName,
      Path out) {
    if (files.isEmpty()) {
      throw new IllegalArgumentException("there is no NAB data file to score");
    }
    List<TimestampedValue<Event>> rows = new ArrayList<>();
    for (NabDataFile file : files) {
      rows.addAll(file.events());
    }
    return pipeline
        .apply("CreateRows", Create.timestamped(rows).withCoder(EventCoder.of()))
        .apply("DetectAnomalies", AnomalyDetection.of(prototype).withIdleTimeout(NEVER_IDLE))
        .apply(
            "WriteResultFiles",
            new WriteResultFiles(out.toAbsolutePath().toString(), detectorName));
  }

  /** Groups the results by file and writes each file's results in row order. */
  static final class WriteResultFiles
      extends PTransform<PCollection<AnomalyResult>, PCollection<KV<String, Long>>> {
    private final String out;
    private final String detectorName;

    WriteResultFiles(String out, String detectorName) {
      this.out = out;
      this.detectorName = detectorName;
    }

    @Override
    public PCollection<KV<String, Long>> expand(PCollection<AnomalyResult> results) {
      return results
          .apply(
              "KeyByFile",
              WithKeys.of((SerializableFunction<AnomalyResult, String>) AnomalyResult::key)
                  .withKeyType(TypeDescriptors.strings()))
          .setCoder(KvCoder.of(StringUtf8Coder.of(), AnomalyResultCoder.of()))
          .apply("GroupByFile", GroupByKey.create())
          .apply("WriteFile", ParDo.of(new WriteFileFn(out, detectorName)))
          .setCoder(KvCoder.of(StringUtf8Coder.of(), VarLongCoder.of()));
    }
  }

  /** Writes one file's results, sorted back into row order. */
  private static final class WriteFileFn
      extends DoFn<KV<String, Iterable<AnomalyResult>>, KV<String, Long>> {
    private final String out;
    private final String detectorName;
    private final Counter filesWritten = Metrics.counter(METRIC_NAMESPACE, FILES_WRITTEN);
    private final Counter rowsWritten = Metrics.counter(METRIC_NAMESPACE, ROWS_WRITTEN);

    WriteFileFn(String out, String detectorName) {
      this.out = out;
      this.detectorName = detectorName;
    }

    @ProcessElement
    public void processElement(
        @Element KV<String, Iterable<AnomalyResult>> file,
        OutputReceiver<KV<String, Long>> output) {
      List<AnomalyResult> results = new ArrayList<>();
      file.getValue().forEach(results::add);
      results.sort(Comparator.comparingInt(result -> NabDataFile.rowOf(result.event().getId())));
      List<String> rows = new ArrayList<>(results.size());
      for (AnomalyResult result : results) {
        String id = result.event().getId();
        if (NabDataFile.rowOf(id) != rows.size()) {
          throw new IllegalStateException(
              file.getKey()
                  + ": expected one result per row, but row "
                  + rows.size()
                  + " is followed by result "
                  + id);
        }
        Double label = result.event().getLabel();
        rows.add(
            NabResultsFile.row(
                NabDataFile.rowText(id), result.score(), label == null ? 0 : label.intValue()));
      }
      NabResultsFile.write(NabResultsFile.path(Path.of(out), detectorName, file.getKey()), rows);
      filesWritten.inc();
      rowsWritten.inc(rows.size());
      output.output(KV.of(file.getKey(), (long) rows.size()));
    }
  }
}
