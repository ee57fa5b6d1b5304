package dev.streamml.sessions;

import dev.streamml.anomaly.AnomalyDetection;
import dev.streamml.anomaly.AnomalyDetector;
import dev.streamml.anomaly.AnomalyResult;
import dev.streamml.events.Event;
import dev.streamml.events.EventCoder;
import dev.streamml.features.PaneTiming;
import java.util.List;
import org.apache.beam.sdk.transforms.Filter;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ProcessFunction;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TypeDescriptor;

/**
 * Scores each closed session against the sessions before it, with one multi-feature {@link
 * AnomalyDetector} for all traffic: sessions unlike the rest (crawlers, error storms, very long or
 * very busy sessions) score high and are labelled OUTLIER.
 *
 * <p>Each on-time or late session pane (early panes are previews and are not scored) becomes an
 * {@link Event} keyed {@value #MODEL_KEY}, with {@link Session#id()} as its id and the features
 * {@link #FEATURES} in that order, and goes through {@link AnomalyDetection}: sessions are scored,
 * then learned, in event-time order of their window ends, so results do not depend on the runner.
 * The default detector is {@link RobustLogZDetector} over the last 500 sessions: the score is that
 * of the feature furthest <em>above</em> its median in robust units on a log scale, so sessions
 * far bigger, busier or more erroneous than usual alert and unusually small ones do not; warm
 * after 30 sessions.
 *
 * <p>One model sees every host's sessions: it describes general traffic, not any one host.
 *
 * <pre>{@code
 * PCollection<AnomalyResult> scored =
 *     sessions.apply("ScoreSessions", SuspiciousSessions.create().withThreshold(0.9999));
 * scored.apply(Filter.by(AnomalyResult::isOutlier));   // the suspicious sessions
 * }</pre>
 */
public final class SuspiciousSessions
    extends PTransform<PCollection<Session>, PCollection<AnomalyResult>> {

  /** The one key all sessions are scored under. */
  public static final String MODEL_KEY = "sessions";

  /** The session features scored, in this order. */
  public static final List<String> FEATURES =
      List.of(
          "requests",
          "duration_s",
          "bytes",
          "distinct_urls",
          "error_ratio",
          "requests_per_minute",
          "mean_gap_s",
          "max_gap_s");

  /**
   * A warm score at or above this is an OUTLIER unless set otherwise: an upper robust z of about
   * 3.3. On the bundled NASA-HTTP samples it flags 9 of 1,954 sessions (docs/sessions.md).
   */
  public static final double DEFAULT_THRESHOLD = 0.999;

  private final AnomalyDetection detection;

  private SuspiciousSessions(AnomalyDetection detection) {
    this.detection = detection;
  }

  /** The default detector and {@link #DEFAULT_THRESHOLD}. */
  public static SuspiciousSessions create() {
    return using(RobustLogZDetector.create());
  }

  /** Scores with {@code detector} (a prototype; it sees the features as they are). */
  public static SuspiciousSessions using(AnomalyDetector detector) {
    return new SuspiciousSessions(
        AnomalyDetection.of(detector).withThreshold(DEFAULT_THRESHOLD));
  }

  /** A copy that labels warm scores at or above {@code threshold}, in (0, 1], OUTLIER. */
  public SuspiciousSessions withThreshold(double threshold) {
    return new SuspiciousSessions(detection.withThreshold(threshold));
  }

  /** The scoring step this transform applies. */
  public AnomalyDetection detection() {
    return detection;
  }

  /** The event a session is scored as. */
  public static Event toEvent(Session session) {
    SessionFeatures f = session.features();
    return Event.builder(MODEL_KEY, session.windowEnd().minus(1))
        .feature(FEATURES.get(0), f.requests())
        .feature(FEATURES.get(1), f.durationSeconds())
        .feature(FEATURES.get(2), f.bytes())
        .feature(FEATURES.get(3), f.distinctUrls())
        .feature(FEATURES.get(4), f.errorRatio())
        .feature(FEATURES.get(5), f.requestsPerMinute())
        .feature(FEATURES.get(6), f.meanGapSeconds())
        .feature(FEATURES.get(7), f.maxGapSeconds())
        .id(session.id())
        .build();
  }

  @Override
  public PCollection<AnomalyResult> expand(PCollection<Session> sessions) {
    return sessions
        .apply(
            "ClosedSessions",
            Filter.by(
                (ProcessFunction<Session, Boolean>) session -> session.timing() != PaneTiming.EARLY))
        .apply(
            "ToEvents",
            MapElements.into(TypeDescriptor.of(Event.class)).via(SuspiciousSessions::toEvent))
        .setCoder(EventCoder.of())
        .apply("Score", detection);
  }
}
