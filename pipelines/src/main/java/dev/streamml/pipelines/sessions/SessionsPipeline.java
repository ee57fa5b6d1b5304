package dev.streamml.pipelines.sessions;

import dev.streamml.anomaly.AnomalyResult;
import dev.streamml.pipelines.kafka.KafkaEventSource;
import dev.streamml.pipelines.options.DeadLetterOptions;
import dev.streamml.pipelines.options.Delivery;
import dev.streamml.pipelines.options.KafkaInputOptions;
import dev.streamml.pipelines.options.PipelineSettings;
import dev.streamml.sessions.AccessLogFormat;
import dev.streamml.sessions.HostSessions;
import dev.streamml.sessions.ParseAccessLog;
import dev.streamml.sessions.SuspiciousSessions;
import dev.streamml.sessions.TrafficFigures;
import dev.streamml.windowing.TriggerSpec;
import dev.streamml.windowing.WindowSpec;
import java.util.function.Function;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.options.StreamingOptions;
import org.apache.beam.sdk.transforms.Filter;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.ProcessFunction;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.TypeDescriptor;
import org.apache.beam.sdk.values.TypeDescriptors;

/**
 * Access log lines from Kafka (one line per record, NASA TSV or Common Log Format) into sessions,
 * traffic figures and alerts: {@code ReadLog -> ParseAccessLog -> HostSessions -> WriteSessions},
 * {@code -> TrafficFigures -> WriteTraffic}, {@code HostSessions -> SuspiciousSessions ->
 * WriteAlerts}; unparseable lines to the dead-letter topic, requests later than the allowed
 * lateness to the late topic. Nothing is dropped: every line read is a dead letter, a request of
 * a session, or a late request.
 *
 * <p>Event time is each request's own time; the watermark follows the Kafka record timestamps
 * (producers should stamp each record with its request time, as {@code demo sessions} does).
 *
 * <p>Topics and record keys: sessions (key host, one record per pane: early panes while a session
 * grows, then the closed one), traffic (key window start), alerts (key {@code host@window_start},
 * the OUTLIER sessions), late (key host), dead letters (original bytes, reason in headers).
 *
 * <pre>{@code
 * ./streamml run sessions --bootstrapServers=127.0.0.1:9092 --inputTopic=access-log \
 *     --sessionGap=30m --sessionTrigger=early=1m,lateness=10m,accumulating
 * }</pre>
 */
public final class SessionsPipeline {

  /** Options of the sessions pipeline; every one has a documented default. */
  public interface Options extends KafkaInputOptions, DeadLetterOptions, StreamingOptions {

    @Description("Log line syntax: auto (TSV when a line has a tab, else CLF), tsv or clf.")
    @Default.String("auto")
    String getLogFormat();

    void setLogFormat(String value);

    @Description("Inactivity gap that ends a host's session (e.g. 30m).")
    @Default.String("30m")
    String getSessionGap();

    void setSessionGap(String value);

    @Description(
        "Session panes: early firings, lateness, late firings; must be accumulating, e.g."
            + " early=1m,lateness=10m,accumulating.")
    @Default.String("early=1m,lateness=10m,accumulating")
    String getSessionTrigger();

    void setSessionTrigger(String value);

    @Description("Traffic windows, e.g. sliding:5m/1m or fixed:1m.")
    @Default.String("sliding:5m/1m")
    String getTrafficWindow();

    void setTrafficWindow(String value);

    @Description("How many top URLs and hosts each traffic window lists.")
    @Default.Integer(5)
    int getTopN();

    void setTopN(int value);

    @Description("A warm session score at or above this is an alert; in (0, 1].")
    @Default.Double(SuspiciousSessions.DEFAULT_THRESHOLD)
    double getAlertThreshold();

    void setAlertThreshold(double value);

    @Description("Topic for session panes (JSON).")
    @Default.String("sessions")
    String getSessionsTopic();

    void setSessionsTopic(String value);

    @Description("Topic for traffic windows (JSON).")
    @Default.String("traffic")
    String getTrafficTopic();

    void setTrafficTopic(String value);

    @Description("Topic for suspicious (OUTLIER) sessions (JSON).")
    @Default.String("session-alerts")
    String getSessionAlertsTopic();

    void setSessionAlertsTopic(String value);

    @Description("Topic for requests later than the allowed lateness (JSON).")
    @Default.String("late-requests")
    String getLateRequestsTopic();

    void setLateRequestsTopic(String value);
  }

  /** The steps the options describe, checked. */
  static final class Steps {
    final ParseAccessLog parse;
    final HostSessions sessions;
    final TrafficFigures traffic;
    final SuspiciousSessions scoring;

    Steps(Options options) {
      parse =
          ParseAccessLog.with(checked("--logFormat", options.getLogFormat(), AccessLogFormat::parse));
      HostSessions gap =
          checked(
              "--sessionGap",
              PipelineSettings.duration("--sessionGap", options.getSessionGap()),
              HostSessions::withGap);
      sessions =
          checked(
              "--sessionTrigger",
              options.getSessionTrigger(),
              text -> gap.withTrigger(TriggerSpec.parse(text)));
      TrafficFigures figures =
          checked(
              "--trafficWindow",
              options.getTrafficWindow(),
              text -> TrafficFigures.of(WindowSpec.parse(text)));
      // Same lateness as the sessions, accumulating: a late pane replaces the window's figures.
      figures =
          figures.withTrigger(
              TriggerSpec.atWatermark()
                  .withAllowedLateness(sessions.trigger().allowedLateness())
                  .accumulating());
      traffic = checked("--topN", options.getTopN(), figures::withTopN);
      scoring =
          checked(
              "--alertThreshold",
              options.getAlertThreshold(),
              SuspiciousSessions.create()::withThreshold);
    }
  }

  private SessionsPipeline() {}

  public static void main(String[] args) {
    run(options(args)).waitUntilFinish();
  }

  /** Parses and validates the options; a bad one fails here with one line naming it. */
  public static Options options(String... args) {
    PipelineSettings.checkBoundedReadSupported(args);
    PipelineOptionsFactory.register(Options.class);
    Options options = PipelineOptionsFactory.fromArgs(args).withValidation().as(Options.class);
    new Steps(options);
    return options;
  }

  /** Builds and starts the pipeline. */
  public static PipelineResult run(Options options) {
    PipelineSettings.checkKafka(
        options,
        "--sessionsTopic", options.getSessionsTopic(),
        "--trafficTopic", options.getTrafficTopic(),
        "--sessionAlertsTopic", options.getSessionAlertsTopic(),
        "--lateRequestsTopic", options.getLateRequestsTopic(),
        "--deadLetterTopic", options.getDeadLetterTopic());
    Pipeline pipeline = Pipeline.create(options);
    build(pipeline, options, source(options));
    return pipeline.run();
  }

  /**
   * The Kafka source: event time for the watermark from the record timestamps, with the
   * options' security and delivery settings.
   */
  static KafkaEventSource source(Options options) {
    return PipelineSettings.kafkaSource(options, options.getInputTopic());
  }

  /** Adds the pipeline's steps to {@code pipeline}, reading with {@code source}. */
  public static void build(Pipeline pipeline, Options options, KafkaEventSource source) {
    Steps steps = new Steps(options);
    String servers = options.getBootstrapServers();
    ParseAccessLog.Result parsed =
        pipeline.apply("ReadLog", source).apply("ParseAccessLog", steps.parse);
    parsed
        .deadLetters()
        .apply("WriteDeadLetters", Delivery.deadLetters(options, servers, options.getDeadLetterTopic()));

    HostSessions.Result sessions = parsed.requests().apply("HostSessions", steps.sessions);
    sessions
        .sessions()
        .apply(
            "SessionsToJson",
            MapElements.into(KEYED_TEXT)
                .via(session -> KV.of(session.host(), SessionsJson.session(session))))
        .apply("WriteSessions", Delivery.json(options, servers, options.getSessionsTopic()));

    TrafficFigures.Result traffic = parsed.requests().apply("TrafficFigures", steps.traffic);
    traffic
        .windows()
        .apply(
            "TrafficToJson",
            MapElements.into(KEYED_TEXT)
                .via(
                    window ->
                        KV.of(window.windowStart().toString(), SessionsJson.traffic(window))))
        .apply("WriteTraffic", Delivery.json(options, servers, options.getTrafficTopic()));

    sessions
        .sessions()
        .apply("ScoreSessions", steps.scoring)
        .apply(
            "OnlyOutliers",
            Filter.by((ProcessFunction<AnomalyResult, Boolean>) AnomalyResult::isOutlier))
        .apply(
            "AlertsToJson",
            MapElements.into(KEYED_TEXT)
                .via(
                    result ->
                        KV.of(
                            String.valueOf(result.event().getId()),
                            SessionsJson.scoredSession(result))))
        .apply("WriteAlerts", Delivery.json(options, servers, options.getSessionAlertsTopic()));

    PCollection<KV<String, String>> lateForSessions =
        sessions
            .tooLate()
            .apply(
                "SessionsLateToJson",
                MapElements.into(KEYED_TEXT)
                    .via(late -> KV.of(late.key(), SessionsJson.late(late, "sessions"))));
    PCollection<KV<String, String>> lateForTraffic =
        traffic
            .tooLate()
            .apply(
                "TrafficLateToJson",
                MapElements.into(KEYED_TEXT)
                    .via(late -> KV.of(late.key(), SessionsJson.late(late, "traffic"))));
    PCollectionList.of(lateForSessions)
        .and(lateForTraffic)
        .apply("AllLate", Flatten.pCollections())
        .apply("WriteLate", Delivery.json(options, servers, options.getLateRequestsTopic()));
  }

  private static <T, R> R checked(String option, T value, Function<T, R> convert) {
    try {
      return convert.apply(value);
    } catch (IllegalArgumentException e) {
      if (e.getMessage() != null && e.getMessage().startsWith("invalid --")) {
        throw e;
      }
      throw new IllegalArgumentException("invalid " + option + ": " + e.getMessage(), e);
    }
  }

  private static final TypeDescriptor<KV<String, String>> KEYED_TEXT =
      TypeDescriptors.kvs(TypeDescriptors.strings(), TypeDescriptors.strings());
}
