package dev.streamml.sessions;

import dev.streamml.events.TwoOutputs;
import dev.streamml.features.PaneTiming;
import dev.streamml.windowing.EventTimeWindows;
import dev.streamml.windowing.LateElement;
import dev.streamml.windowing.TriggerSpec;
import dev.streamml.windowing.WindowSpec;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.Combine;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.apache.beam.sdk.transforms.windowing.IntervalWindow;
import org.apache.beam.sdk.transforms.windowing.PaneInfo;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.WindowingStrategy.AccumulationMode;
import org.joda.time.Duration;

/**
 * Groups each host's requests into session windows, a session ending after {@code gap} without a
 * request of that host ({@link #DEFAULT_GAP} unless set), and gives the {@link SessionFeatures} of
 * each session pane as a {@link Session}.
 *
 * <p><b>Windows and panes.</b> The input must be keyed by host, timestamped with request time and
 * in the global window: the transform windows it itself with {@link EventTimeWindows} (its
 * too-late check keyed by a hash bucket of the host, which gives the same routing at a fraction of
 * the cost), so requests later than the allowed lateness go to {@link Result#tooLate()} instead of
 * being dropped. Panes
 * fire as the {@link TriggerSpec} says (early firings for long sessions, lateness, late firings);
 * panes must accumulate, since a session's features describe all its requests. When a request
 * (late or not) falls between two sessions of a host within the gap of both, Beam merges them into
 * one session and {@link SessionFeaturesFn} merges their features exactly. Each output is in its
 * session window, at the window's end.
 *
 * <p>The Flink runner (Beam 2.70) may emit an empty extra pane when the watermark passes a window's
 * end and its lateness in one step; such panes hold no request and are dropped, counted in {@value
 * #METRICS_NAMESPACE}/{@value #EMPTY_PANES_SKIPPED}. Sessions output are counted in {@value
 * #SESSION_PANES}.
 *
 * <pre>{@code
 * HostSessions.Result sessions =
 *     parsed.requests().apply("Sessions",
 *         HostSessions.withGap(Duration.standardMinutes(30))
 *             .withTrigger(TriggerSpec.parse("early=1m,lateness=10m,accumulating")));
 * sessions.sessions();  // PCollection<Session>: early, on-time and late panes
 * sessions.tooLate();   // PCollection<LateElement<String, LogRequest>>
 * }</pre>
 */
public final class HostSessions
    extends PTransform<PCollection<KV<String, LogRequest>>, HostSessions.Result> {

  /** The inactivity gap that ends a session unless set otherwise. */
  public static final Duration DEFAULT_GAP = Duration.standardMinutes(30);

  /** Panes unless set otherwise: one at the watermark, accumulating, no lateness. */
  public static final TriggerSpec DEFAULT_TRIGGER = TriggerSpec.atWatermark().accumulating();

  /** Namespace of this package's metrics. */
  public static final String METRICS_NAMESPACE = "streamml.sessions";

  /** Counter of the session panes output. */
  public static final String SESSION_PANES = "session_panes";

  /** Counter of empty panes dropped. */
  public static final String EMPTY_PANES_SKIPPED = "empty_panes_skipped";

  private final Duration gap;
  private final TriggerSpec trigger;

  private HostSessions(Duration gap, TriggerSpec trigger) {
    this.gap = gap;
    this.trigger = trigger;
  }

  /** Sessions of {@link #DEFAULT_GAP} with {@link #DEFAULT_TRIGGER}. */
  public static HostSessions create() {
    return withGap(DEFAULT_GAP);
  }

  /**
   * Sessions ended by {@code gap} without requests.
   *
   * @throws IllegalArgumentException if the gap is null or not positive
   */
  public static HostSessions withGap(Duration gap) {
    WindowSpec.session(gap);
    return new HostSessions(gap, DEFAULT_TRIGGER);
  }

  /**
   * A copy whose panes fire as {@code trigger} says.
   *
   * @throws IllegalArgumentException if the trigger is null or discards fired panes
   */
  public HostSessions withTrigger(TriggerSpec trigger) {
    if (trigger == null) {
      throw new IllegalArgumentException("a trigger spec is required, found null");
    }
    if (trigger.accumulationMode() != AccumulationMode.ACCUMULATING_FIRED_PANES) {
      throw new IllegalArgumentException(
          "session panes must accumulate (add 'accumulating' to the trigger): a session's"
              + " features describe all its requests, found '" + trigger + "'");
    }
    return new HostSessions(gap, trigger);
  }

  public Duration gap() {
    return gap;
  }

  public TriggerSpec trigger() {
    return trigger;
  }

  @Override
  public Result expand(PCollection<KV<String, LogRequest>> input) {
    HostBucketWindows.Routed windowed =
        HostBucketWindows.apply(input, "SessionWindows", WindowSpec.session(gap), trigger);
    PCollection<Session> sessions =
        windowed.onTime
            .apply("SessionFeatures", Combine.perKey(new SessionFeaturesFn()))
            .apply("ToSessions", ParDo.of(new ToSessionFn()))
            .setCoder(SessionCoder.of());
    return new Result(sessions, windowed.tooLate);
  }

  /** The session panes, and the requests too late for any session. */
  public static final class Result extends TwoOutputs<Session, LateElement<String, LogRequest>> {
    private static final TupleTag<Session> SESSIONS = new TupleTag<>("sessions");
    private static final TupleTag<LateElement<String, LogRequest>> TOO_LATE =
        new TupleTag<>("tooLate");

    Result(PCollection<Session> sessions, PCollection<LateElement<String, LogRequest>> tooLate) {
      super(SESSIONS, sessions, TOO_LATE, tooLate);
    }

    public PCollection<Session> sessions() {
      return first();
    }

    public PCollection<LateElement<String, LogRequest>> tooLate() {
      return second();
    }
  }

  private static final class ToSessionFn extends DoFn<KV<String, SessionFeatures>, Session> {
    private final Counter panes = Metrics.counter(METRICS_NAMESPACE, SESSION_PANES);
    private final Counter emptySkipped = Metrics.counter(METRICS_NAMESPACE, EMPTY_PANES_SKIPPED);

    @ProcessElement
    public void processElement(
        @Element KV<String, SessionFeatures> element,
        BoundedWindow window,
        PaneInfo pane,
        OutputReceiver<Session> out) {
      if (element.getValue().requests() == 0) {
        emptySkipped.inc();
        return;
      }
      IntervalWindow session = (IntervalWindow) window;
      panes.inc();
      out.output(
          Session.of(
              element.getKey(),
              session.start(),
              session.end(),
              PaneTiming.of(pane),
              pane.getIndex(),
              pane.isLast(),
              element.getValue()));
    }
  }
}
