package dev.streamml.pipelines.anomaly;

import dev.streamml.anomaly.AnomalyDetection;
import dev.streamml.anomaly.AnomalyResult;
import dev.streamml.events.ParseEvents;
import dev.streamml.pipelines.kafka.JsonSink;
import dev.streamml.pipelines.kafka.KafkaEventSource;
import dev.streamml.pipelines.options.DeadLetterOptions;
import dev.streamml.pipelines.options.Delivery;
import dev.streamml.pipelines.options.EventFormatOptions;
import dev.streamml.pipelines.options.KafkaInputOptions;
import dev.streamml.pipelines.options.PipelineSettings;
import java.util.Map;
import java.util.function.Function;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.options.StreamingOptions;
import org.apache.beam.sdk.transforms.Filter;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ProcessFunction;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PDone;
import org.apache.beam.sdk.values.TypeDescriptor;
import org.apache.beam.sdk.values.TypeDescriptors;

/**
 * Kafka events in, anomaly scores and alerts out: {@code ReadEvents -> ParseEvents ->
 * DetectAnomalies -> WriteScores}, the outliers also to {@code WriteAlerts}, with dead letters on
 * their own topic. Each key is scored by its own detector, in event-time order ({@link
 * AnomalyDetection}); nothing is dropped: every record read is a dead letter or has exactly one
 * result on the scores topic (late events included, flagged {@code "late": true}).
 *
 * <p>Output records: key = event key, value = {@link AnomalyJson} of the result. A result is on the
 * alerts topic when its label is OUTLIER: a warm score at or above {@code --threshold}.
 *
 * <pre>{@code
 * ./streamml run anomaly --bootstrapServers=127.0.0.1:9092 --inputTopic=events \
 *     --scoresTopic=anomaly-scores --alertsTopic=anomaly-alerts --detector=knn-conformal
 * }</pre>
 */
public final class AnomalyPipeline {

  /** Options of the anomaly pipeline; every one has a documented default. */
  public interface Options
      extends KafkaInputOptions, EventFormatOptions, DeadLetterOptions, StreamingOptions {

    @Description("Topic for every anomaly result (JSON).")
    @Default.String("anomaly-scores")
    String getScoresTopic();

    void setScoresTopic(String value);

    @Description("Topic for the results labelled OUTLIER (JSON).")
    @Default.String("anomaly-alerts")
    String getAlertsTopic();

    void setAlertsTopic(String value);

    @Description(
        "Detector per key: knn-conformal (recommended), zscore, robust-zscore, iqr, hst,"
            + " ensemble.")
    @Default.String(DetectorCatalog.RECOMMENDED)
    String getDetector();

    void setDetector(String value);

    @Description("A warm score at or above this is an OUTLIER; in (0, 1].")
    @Default.Double(AnomalyDetection.DEFAULT_THRESHOLD)
    double getThreshold();

    void setThreshold(double value);

    @Description(
        "Event-time gap after which a key's model is dropped and starts again (e.g. 6h, 1d).")
    @Default.String("1d")
    String getModelIdleTimeout();

    void setModelIdleTimeout(String value);
  }

  private AnomalyPipeline() {}

  public static void main(String[] args) {
    run(options(args)).waitUntilFinish();
  }

  /** Parses and validates the options. */
  public static Options options(String... args) {
    PipelineSettings.checkBoundedReadSupported(args);
    PipelineOptionsFactory.register(Options.class);
    Options options = PipelineOptionsFactory.fromArgs(args).withValidation().as(Options.class);
    detection(options);
    PipelineSettings.validate(options, options);
    return options;
  }

  /** Builds and starts the pipeline. */
  public static PipelineResult run(Options options) {
    PipelineSettings.checkKafka(
        options,
        "--scoresTopic", options.getScoresTopic(),
        "--alertsTopic", options.getAlertsTopic(),
        "--deadLetterTopic", options.getDeadLetterTopic());
    Pipeline pipeline = Pipeline.create(options);
    build(pipeline, options, PipelineSettings.kafkaSource(options, options));
    return pipeline.run();
  }

  /**
   * Adds the pipeline's steps to {@code pipeline}, reading with {@code source} (tests pass a source
   * whose consumer does not need a broker).
   */
  public static void build(Pipeline pipeline, Options options, KafkaEventSource source) {
    String servers = options.getBootstrapServers();
    ParseEvents.Result parsed =
        pipeline
            .apply("ReadEvents", source)
            .apply("ParseEvents", ParseEvents.with(PipelineSettings.eventFormat(options)));
    parsed
        .deadLetters()
        .apply("WriteDeadLetters", Delivery.deadLetters(options, servers, options.getDeadLetterTopic()));

    PCollection<AnomalyResult> results =
        parsed.events().apply("DetectAnomalies", detection(options));
    results.apply("WriteScores", new WriteResults(Delivery.json(options, servers, options.getScoresTopic())));
    results
        .apply(
            "OnlyOutliers",
            Filter.by((ProcessFunction<AnomalyResult, Boolean>) AnomalyResult::isOutlier))
        .apply("WriteAlerts", new WriteResults(Delivery.json(options, servers, options.getAlertsTopic())));
  }

  /** The transform the options describe; a bad detector, threshold or timeout fails here. */
  static AnomalyDetection detection(Options options) {
    AnomalyDetection detection =
        AnomalyDetection.of(checked("--detector", options.getDetector(), DetectorCatalog::named));
    detection = checked("--threshold", options.getThreshold(), detection::withThreshold);
    return detection.withIdleTimeout(
        PipelineSettings.duration("--modelIdleTimeout", options.getModelIdleTimeout()));
  }

  private static <T, R> R checked(String option, T value, Function<T, R> convert) {
    try {
      return convert.apply(value);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("invalid " + option + ": " + e.getMessage(), e);
    }
  }

  /** Results as {@link AnomalyJson} records keyed by event key, to one topic. */
  private static final class WriteResults extends PTransform<PCollection<AnomalyResult>, PDone> {
    private final JsonSink sink;

    WriteResults(JsonSink sink) {
      this.sink = sink;
    }

    @Override
    public PDone expand(PCollection<AnomalyResult> results) {
      return results
          .apply(
              "ToJson",
              MapElements.into(KEYED_TEXT)
                  .via(result -> KV.of(result.key(), AnomalyJson.of(result))))
          .apply("WriteKafka", sink);
    }
  }

  private static final TypeDescriptor<KV<String, String>> KEYED_TEXT =
      TypeDescriptors.kvs(TypeDescriptors.strings(), TypeDescriptors.strings());
}
