package dev.streamml.pipelines.online;

import dev.streamml.eval.stream.MetricsReport;
import dev.streamml.eval.stream.PrequentialMetrics;
import dev.streamml.events.DeadLetter;
import dev.streamml.events.Event;
import dev.streamml.events.EventCoder;
import dev.streamml.events.EventFormat;
import dev.streamml.events.ParseEvents;
import dev.streamml.online.ModelSnapshot;
import dev.streamml.online.OnlineModel;
import dev.streamml.online.beam.JoinLabels;
import dev.streamml.online.beam.KeyedModelSnapshot;
import dev.streamml.online.beam.Prediction;
import dev.streamml.online.beam.PrequentialLearning;
import dev.streamml.pipelines.kafka.KafkaEventSource;
import dev.streamml.pipelines.kafka.KafkaPreflight;
import dev.streamml.pipelines.options.DeadLetterOptions;
import dev.streamml.pipelines.options.Delivery;
import dev.streamml.pipelines.options.EventFormatOptions;
import dev.streamml.pipelines.options.KafkaInputOptions;
import dev.streamml.pipelines.options.PipelineSettings;
import dev.streamml.pipelines.prequential.ModelCatalog;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import javax.annotation.Nullable;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.io.TextIO;
import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.options.StreamingOptions;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.windowing.DefaultTrigger;
import org.apache.beam.sdk.transforms.windowing.FixedWindows;
import org.apache.beam.sdk.transforms.windowing.GlobalWindows;
import org.apache.beam.sdk.transforms.windowing.Window;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.TypeDescriptor;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.joda.time.Duration;

/**
 * Labelled events from Kafka, a model per key learned online, and what it predicted out to Kafka:
 * {@code ReadEvents -> ParseEvents -> [JoinLabels] -> LearnPrequentially -> WritePredictions},
 * with versioned model snapshots ({@code WriteSnapshots}), prequential metrics per window and over
 * the whole stream ({@code WriteMetrics}) and dead letters on their own topics.
 *
 * <p>Labels are either a field of the events ({@code --labelField}) or records of their own topic
 * ({@code --labelTopic}, JSON {@code {"id": "<event id>", "label": <number>}}), joined to events
 * by id within {@code --labelDelay} of event time. An event whose label does not come in time is
 * still predicted (and not learned); a label whose event does not come goes to {@code
 * --unmatchedLabelsTopic}. Every event read is a dead letter or has exactly one prediction.
 *
 * <p>Each key's model predicts an event before it learns its label, in event-time order ({@link
 * PrequentialLearning}); {@code --drift=reset|swap} replaces a classifier whose errors drift
 * ({@link dev.streamml.online.DriftAdaptive}). Every {@code --snapshotEvery} learned labels a key's
 * model is written to {@code --snapshotsTopic} (and as files under {@code --snapshotDirectory} if
 * set), in a JSON layout ({@link OnlineJson}) that {@code --initialModels} reads back to
 * warm-start a new run.
 *
 * <pre>{@code
 * ./streamml run online-learning --bootstrapServers=127.0.0.1:9092 --inputTopic=elec2 \
 *     --labelField=class --featureFields=nswprice,nswdemand --model=hoeffding-tree --drift=swap
 * }</pre>
 */
public final class OnlineLearningPipeline {

  /** Options of the online-learning pipeline; every one has a documented default. */
  public interface Options
      extends KafkaInputOptions, EventFormatOptions, DeadLetterOptions, StreamingOptions {

    @Description("Model per key: " + ModelCatalog.ACCEPTED + ".")
    @Default.String(ModelCatalog.RECOMMENDED)
    String getModel();

    void setModel(String value);

    @Description("Classes of a classifier's labels, 0 .. classes-1 (at least 2).")
    @Default.Integer(2)
    int getClasses();

    void setClasses(int value);

    @Description("Drift adaptation of a classifier: " + ModelCatalog.DRIFT_MODES + ".")
    @Default.String("none")
    String getDrift();

    void setDrift(String value);

    @Description(
        "Features the model sees: causal (the event's features, its key's last label and the"
            + " changes since its previous event) or raw (the event's features only).")
    @Default.String("causal")
    String getFeatures();

    void setFeatures(String value);

    @Description(
        "Feature fields, comma separated; empty: every numeric field but the key, time, label"
            + " and id.")
    @Default.String("")
    String getFeatureFields();

    void setFeatureFields(String value);

    @Description("Field holding the label in the events; ignored when --labelTopic is set.")
    @Default.String("label")
    String getLabelField();

    void setLabelField(String value);

    @Description("Field holding the event id (labels on --labelTopic name it).")
    @Default.String("id")
    String getIdField();

    void setIdField(String value);

    @Description(
        "Topic of label records {\"id\": ..., \"label\": number}; empty: labels are in the"
            + " events.")
    @Default.String("")
    String getLabelTopic();

    void setLabelTopic(String value);

    @Description("How long, in event time, an event waits for its label (e.g. 10m, 1h).")
    @Default.String("1h")
    String getLabelDelay();

    void setLabelDelay(String value);

    @Description("Topic for every prediction (JSON).")
    @Default.String("predictions")
    String getPredictionsTopic();

    void setPredictionsTopic(String value);

    @Description("Topic for versioned model snapshots (JSON).")
    @Default.String("model-snapshots")
    String getSnapshotsTopic();

    void setSnapshotsTopic(String value);

    @Description("A key's model is snapshot each time it has learned this many more labels.")
    @Default.Long(1000)
    long getSnapshotEvery();

    void setSnapshotEvery(long value);

    @Description("Also write snapshots as JSON-lines files under this directory; empty: no files.")
    @Default.String("")
    String getSnapshotDirectory();

    void setSnapshotDirectory(String value);

    @Description(
        "A JSON-lines file of snapshots (as written to --snapshotsTopic) to warm-start from: each"
            + " key starts from its latest version.")
    @Default.String("")
    String getInitialModels();

    void setInitialModels(String value);

    @Description("Topic for prequential metrics per window and over the whole stream (JSON).")
    @Default.String("metrics")
    String getMetricsTopic();

    void setMetricsTopic(String value);

    @Description("Windows of the metrics, e.g. fixed:1h or sliding:1h/10m.")
    @Default.String("fixed:1h")
    String getMetricsWindow();

    void setMetricsWindow(String value);

    @Description("Topic for labels whose event never came within --labelDelay (JSON).")
    @Default.String("unmatched-labels")
    String getUnmatchedLabelsTopic();

    void setUnmatchedLabelsTopic(String value);

    @Description("Event-time silence after which a key's model is dropped (e.g. 6h, 1d).")
    @Default.String("1d")
    String getModelIdleTimeout();

    void setModelIdleTimeout(String value);
  }

  private OnlineLearningPipeline() {}

  public static void main(String[] args) {
    run(options(args)).waitUntilFinish();
  }

  /** Parses and validates the options: a bad model, drift mode, duration or file fails here. */
  public static Options options(String... args) {
    PipelineSettings.checkBoundedReadSupported(args);
    PipelineOptionsFactory.register(Options.class);
    Options options = PipelineOptionsFactory.fromArgs(args).withValidation().as(Options.class);
    // Every setting is checked here, before the broker check in run() can wait for anything.
    PipelineSettings.validate(options, options);
    learning(options);
    eventFormat(options);
    metrics(options);
    PipelineSettings.duration("--labelDelay", options.getLabelDelay());
    PipelineSettings.sealSecrets(options);
    return options;
  }

  /** Builds and starts the pipeline. */
  public static PipelineResult run(Options options) {
    KafkaPreflight check = PipelineSettings.kafkaCheck(options);
    if (!options.getLabelTopic().isEmpty()) {
      check.inputTopic("--labelTopic", options.getLabelTopic());
    }
    check
        .outputTopic("--predictionsTopic", options.getPredictionsTopic())
        .outputTopic("--snapshotsTopic", options.getSnapshotsTopic())
        .outputTopic("--metricsTopic", options.getMetricsTopic())
        .outputTopic("--deadLetterTopic", options.getDeadLetterTopic());
    if (!options.getLabelTopic().isEmpty()) {
      check.outputTopic("--unmatchedLabelsTopic", options.getUnmatchedLabelsTopic());
    }
    PipelineSettings.runCheck(options, check);
    Pipeline pipeline = Pipeline.create(options);
    KafkaEventSource labelSource =
        options.getLabelTopic().isEmpty()
            ? null
            : PipelineSettings.kafkaSource(options, options.getLabelTopic());
    build(pipeline, options, PipelineSettings.kafkaSource(options, options), labelSource);
    return pipeline.run();
  }

  /**
   * Adds the pipeline's steps to {@code pipeline}, reading events with {@code events} and labels
   * with {@code labels} (null when labels are in the events).
   */
  public static void build(
      Pipeline pipeline,
      Options options,
      KafkaEventSource events,
      @Nullable KafkaEventSource labels) {
    String servers = options.getBootstrapServers();
    ParseEvents.Result parsed =
        pipeline
            .apply("ReadEvents", events)
            .apply("ParseEvents", ParseEvents.with(eventFormat(options)));
    PCollectionList<DeadLetter> deadLetters = PCollectionList.of(parsed.deadLetters());

    PCollection<Event> learnable = parsed.events();
    if (labels != null) {
      ParseLabels.Result parsedLabels =
          pipeline.apply("ReadLabels", labels).apply("ParseLabels", ParseLabels.create());
      deadLetters = deadLetters.and(parsedLabels.deadLetters());
      JoinLabels.Result joined =
          parsed
              .events()
              .apply(
                  "JoinLabels",
                  JoinLabels.within(
                          PipelineSettings.duration("--labelDelay", options.getLabelDelay()))
                      .withLabels(parsedLabels.labels()));
      learnable =
          PCollectionList.of(joined.joined())
              .and(joined.expiredEvents())
              .apply("JoinedAndExpired", Flatten.pCollections())
              .setCoder(EventCoder.of());
      joined
          .unmatchedLabels()
          .apply(
              "UnmatchedToJson",
              MapElements.into(KEYED_TEXT)
                  .via(label -> KV.of(label.getKey(), OnlineJson.label(label.getKey(), label.getValue()))))
          .apply("WriteUnmatchedLabels", Delivery.json(options, servers, options.getUnmatchedLabelsTopic()));
    }
    deadLetters
        .apply("AllDeadLetters", Flatten.pCollections())
        .apply("WriteDeadLetters", Delivery.deadLetters(options, servers, options.getDeadLetterTopic()));

    PrequentialLearning.Result learned =
        learnable.apply(
            "LearnPrequentially", learning(options).withSnapshotsEvery(options.getSnapshotEvery()));
    learned
        .predictions()
        .apply(
            "PredictionsToJson",
            MapElements.into(KEYED_TEXT).via(p -> KV.of(p.key(), OnlineJson.prediction(p))))
        .apply("WritePredictions", Delivery.json(options, servers, options.getPredictionsTopic()));

    PCollection<KV<String, String>> snapshots =
        learned
            .snapshots()
            .apply(
                "SnapshotsToJson",
                MapElements.into(KEYED_TEXT).via(s -> KV.of(s.key(), OnlineJson.snapshot(s))));
    snapshots.apply("WriteSnapshots", Delivery.json(options, servers, options.getSnapshotsTopic()));
    if (!options.getSnapshotDirectory().isEmpty()) {
      snapshots
          .apply("SnapshotText", MapElements.into(TypeDescriptors.strings()).via(KV::getValue))
          .apply(
              "SnapshotFileWindows",
              Window.<String>into(FixedWindows.of(Duration.standardHours(1))))
          .apply(
              "WriteSnapshotFiles",
              TextIO.write()
                  .to(Path.of(options.getSnapshotDirectory(), "snapshots").toString())
                  .withSuffix(".jsonl")
                  .withWindowedWrites()
                  .withNumShards(1));
    }

    PrequentialMetrics.Result metrics =
        learned.predictions().apply("PrequentialMetrics", metrics(options));
    PCollection<MetricsReport> windowReports =
        metrics
            .windows()
            .apply(
                "WindowReportsToGlobal",
                Window.<MetricsReport>into(new GlobalWindows())
                    .triggering(DefaultTrigger.of())
                    .withAllowedLateness(Duration.ZERO)
                    .discardingFiredPanes());
    PCollectionList.of(windowReports)
        .and(metrics.wholeStream())
        .apply("AllMetrics", Flatten.<MetricsReport>pCollections())
        .apply(
            "MetricsToJson",
            MapElements.into(KEYED_TEXT).via(r -> KV.of(r.scope(), OnlineJson.metrics(r))))
        .apply("WriteMetrics", Delivery.json(options, servers, options.getMetricsTopic()));
  }

  /** The event format: the base options, with the label, id and feature fields of this pipeline. */
  static EventFormat eventFormat(Options options) {
    EventFormat format = PipelineSettings.eventFormat(options);
    List<String> features =
        Arrays.stream(options.getFeatureFields().split(","))
            .map(String::trim)
            .filter(f -> !f.isEmpty())
            .collect(Collectors.toList());
    format = checked("--featureFields", features, format::withValueFields);
    format = checked("--idField", options.getIdField(), format::withIdField);
    if (options.getLabelTopic().isEmpty()) {
      format = checked("--labelField", options.getLabelField(), format::withLabelField);
    }
    return format;
  }

  /** The learning the options describe. */
  static PrequentialLearning learning(Options options) {
    String name = options.getModel();
    int classes = options.getClasses();
    if (!ModelCatalog.isRegression(name) && classes < 2) {
      throw new IllegalArgumentException("invalid --classes: at least 2, got " + classes);
    }
    OnlineModel base = checked("--model", name, n -> ModelCatalog.named(n, classes));
    OnlineModel model =
        checked("--drift", options.getDrift(), mode -> ModelCatalog.withDrift(base, mode));
    PrequentialLearning learning = PrequentialLearning.of(model);
    switch (options.getFeatures()) {
      case "causal":
        learning = learning.withCausalFeatures();
        break;
      case "raw":
        break;
      default:
        throw new IllegalArgumentException(
            "invalid --features: '" + options.getFeatures() + "'; accepted: causal, raw");
    }
    if (options.getSnapshotEvery() <= 0) {
      throw new IllegalArgumentException(
          "invalid --snapshotEvery: a positive number of labels, got " + options.getSnapshotEvery());
    }
    learning =
        learning.withIdleTimeout(
            PipelineSettings.duration("--modelIdleTimeout", options.getModelIdleTimeout()));
    if (!options.getInitialModels().isEmpty()) {
      Map<String, ModelSnapshot> initial = initialModels(Path.of(options.getInitialModels()));
      learning = checked("--initialModels", initial, learning::withInitialModels);
    }
    return learning;
  }

  /** The metrics the options describe. */
  static PrequentialMetrics metrics(Options options) {
    PrequentialMetrics metrics =
        ModelCatalog.isRegression(options.getModel())
            ? PrequentialMetrics.regression()
            : PrequentialMetrics.classification(options.getClasses());
    return metrics.windowedBy(PipelineSettings.window(options.getMetricsWindow()));
  }

  /**
   * Each key's latest snapshot in a JSON-lines file of {@link OnlineJson#snapshot} records.
   *
   * @throws IllegalArgumentException naming the option, the line and the problem
   */
  static Map<String, ModelSnapshot> initialModels(Path file) {
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalArgumentException("invalid --initialModels: cannot read " + file, e);
    }
    Map<String, KeyedModelSnapshot> latest = new TreeMap<>();
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).isBlank()) {
        continue;
      }
      KeyedModelSnapshot snapshot;
      try {
        snapshot = OnlineJson.snapshot(lines.get(i));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "invalid --initialModels: " + file + " line " + (i + 1) + ": " + e.getMessage(), e);
      }
      latest.merge(snapshot.key(), snapshot, (a, b) -> b.version() >= a.version() ? b : a);
    }
    Map<String, ModelSnapshot> models = new TreeMap<>();
    latest.forEach((key, snapshot) -> models.put(key, snapshot.snapshot()));
    return models;
  }

  private static <T, R> R checked(String option, T value, Function<T, R> convert) {
    try {
      return convert.apply(value);
    } catch (IllegalArgumentException e) {
      String message = e.getMessage();
      throw new IllegalArgumentException(
          message != null && message.startsWith("invalid --")
              ? message
              : "invalid " + option + ": " + message,
          e);
    }
  }

  private static final TypeDescriptor<KV<String, String>> KEYED_TEXT =
      TypeDescriptors.kvs(TypeDescriptors.strings(), TypeDescriptors.strings());
}
