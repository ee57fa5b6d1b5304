package dev.streamml.pipelines.features;

import dev.streamml.events.Event;
import dev.streamml.events.ParseEvents;
import dev.streamml.features.WindowedFeatures;
import dev.streamml.pipelines.json.JsonRecords;
import dev.streamml.pipelines.kafka.KafkaEventSource;
import dev.streamml.pipelines.options.DeadLetterOptions;
import dev.streamml.pipelines.options.Delivery;
import dev.streamml.pipelines.options.EventFormatOptions;
import dev.streamml.pipelines.options.KafkaInputOptions;
import dev.streamml.pipelines.options.PipelineSettings;
import dev.streamml.pipelines.options.WindowingOptions;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.options.StreamingOptions;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.TypeDescriptor;
import org.apache.beam.sdk.values.TypeDescriptors;

/**
 * Kafka events in, windowed per-key features out: {@code ReadEvents -> ParseEvents ->
 * WindowedFeatures -> FeaturesToJson -> WriteFeatures}, with dead letters and too-late events on
 * their own topics. Nothing is dropped: every record read is a parsed event or a dead letter, and
 * every parsed event is in a feature window or on the late topic.
 *
 * <p>Output record: key = event key, value = one JSON object per window pane (see {@link
 * JsonRecords#features}).
 *
 * <pre>{@code
 * ./streamml run features --bootstrapServers=127.0.0.1:9092 --inputTopic=events \
 *     --outputTopic=features --window=sliding:10m/1m --trigger=early=30s,lateness=5m
 * }</pre>
 */
public final class FeaturesPipeline {

  /** Options of the features pipeline; every one has a documented default. */
  public interface Options
      extends KafkaInputOptions,
          EventFormatOptions,
          WindowingOptions,
          DeadLetterOptions,
          StreamingOptions {

    @Description("Topic for the feature windows (JSON).")
    @Default.String("features")
    String getOutputTopic();

    void setOutputTopic(String value);

    @Description("Topic for events later than the allowed lateness (JSON with window and lateness).")
    @Default.String("late-events")
    String getLateTopic();

    void setLateTopic(String value);
  }

  private FeaturesPipeline() {}

  public static void main(String[] args) {
    run(options(args)).waitUntilFinish();
  }

  /** Parses and validates the options. */
  public static Options options(String... args) {
    PipelineSettings.checkBoundedReadSupported(args);
    PipelineOptionsFactory.register(Options.class);
    Options options = PipelineOptionsFactory.fromArgs(args).withValidation().as(Options.class);
    // Every setting is checked here, before the broker check in run() can wait for anything.
    PipelineSettings.validate(options, options);
    PipelineSettings.window(options);
    PipelineSettings.trigger(options);
    return options;
  }

  /** Builds and starts the pipeline. */
  public static PipelineResult run(Options options) {
    PipelineSettings.checkKafka(
        options,
        "--outputTopic", options.getOutputTopic(),
        "--deadLetterTopic", options.getDeadLetterTopic(),
        "--lateTopic", options.getLateTopic());
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

    WindowedFeatures.Result<Event> features =
        parsed
            .events()
            .apply(
                "WindowedFeatures",
                WindowedFeatures.ofEvents(options.getValueField())
                    .windowedBy(
                        PipelineSettings.window(options), PipelineSettings.trigger(options)));
    features
        .features()
        .apply(
            "FeaturesToJson",
            MapElements.into(KEYED_TEXT)
                .via(window -> KV.of(window.getKey(), JsonRecords.features(window))))
        .apply("WriteFeatures", Delivery.json(options, servers, options.getOutputTopic()));
    features
        .tooLate()
        .apply(
            "LateToJson",
            MapElements.into(KEYED_TEXT).via(late -> KV.of(late.key(), JsonRecords.lateElement(late))))
        .apply("WriteLate", Delivery.json(options, servers, options.getLateTopic()));
  }

  private static final TypeDescriptor<KV<String, String>> KEYED_TEXT =
      TypeDescriptors.kvs(TypeDescriptors.strings(), TypeDescriptors.strings());
}
