package dev.streamml.anomaly;

import dev.streamml.anomaly.threshold.FixedThreshold;
import dev.streamml.anomaly.threshold.Threshold;
import dev.streamml.events.Event;
import dev.streamml.events.EventCoder;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.coders.InstantCoder;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Distribution;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.state.BagState;
import org.apache.beam.sdk.state.StateSpec;
import org.apache.beam.sdk.state.StateSpecs;
import org.apache.beam.sdk.state.TimeDomain;
import org.apache.beam.sdk.state.Timer;
import org.apache.beam.sdk.state.TimerSpec;
import org.apache.beam.sdk.state.TimerSpecs;
import org.apache.beam.sdk.state.ValueState;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.SerializableFunction;
import org.apache.beam.sdk.transforms.WithKeys;
import org.apache.beam.sdk.transforms.display.DisplayData;
import org.apache.beam.sdk.transforms.windowing.DefaultTrigger;
import org.apache.beam.sdk.transforms.windowing.GlobalWindow;
import org.apache.beam.sdk.transforms.windowing.GlobalWindows;
import org.apache.beam.sdk.transforms.windowing.Window;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TimestampedValue;
import org.apache.beam.sdk.values.TimestampedValue.TimestampedValueCoder;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.joda.time.Duration;
import org.joda.time.Instant;

/**
 * Scores every event with an online {@link AnomalyDetector}, one model per event key, and labels it
 * NORMAL, OUTLIER or WARMUP. Each key's events are scored and then learned <b>in event-time order,
 * whatever order they arrive in</b>, so results do not depend on the runner, on parallelism, on
 * restarts or on how the source interleaves partitions: the score of an event depends only on the
 * on-time events of its key at or before it.
 *
 * <pre>{@code
 * PCollection<Event> events = ...; // e.g. ParseEvents, timestamped with event time
 * PCollection<AnomalyResult> results =
 *     events.apply(
 *         "DetectAnomalies",
 *         AnomalyDetection.of(ZScoreDetector.overLast(500))
 *             .withThreshold(0.999) // or an adaptive one: OnlineQuantileThreshold.of(0.995)
 *             .withIdleTimeout(Duration.standardHours(6)));
 * PCollection<AnomalyResult> outliers =
 *     results.apply("OnlyOutliers", Filter.by(AnomalyResult::isOutlier));
 * }</pre>
 *
 * <p><b>Order.</b> Event time is each element's timestamp, which {@code ParseEvents} sets to {@link
 * Event#getTimestamp()}. Arriving events wait in the key's state until the input watermark passes
 * their timestamp, that is until no earlier on-time event can still come. They are then scored by
 * the key's current model and learned, one by one, in timestamp order; events with the same
 * timestamp in the order of their {@link EventCoder} bytes (never arrival order, which differs
 * between runners and runs). So results come out once the watermark has passed: the latency of a
 * result is the out-of-orderness the source's watermark allows. Each result is output at its
 * event's timestamp, and the watermark is held back for events still waiting, so the results of
 * on-time events are on time downstream too. A key costs one event-time timer, set to its earliest
 * waiting event. The ordering is built from a bag and timers, not {@code @RequiresTimeSortedInput}
 * (rejected by Dataflow's streaming runner v1) or {@code OrderedListState} (missing on Flink).
 *
 * <p><b>Late events.</b> An event at or before the last event its key has learned cannot be put in
 * order any more. It is not dropped: it is scored at once by the key's current model (which has
 * learned events after it), output with {@link AnomalyResult#isLate()} set, and not learned, so it
 * changes no other result. Late events are counted in {@value #METRIC_NAMESPACE}/{@value
 * #LATE_EVENTS}. An event behind the watermark that is still after its key's last learned event
 * (the key was quiet meanwhile) is not late: it is scored in order like any other. The result of a
 * late event is itself behind the watermark, as its input was.
 *
 * <p><b>Idle keys.</b> A key's model is deleted once the watermark passes its last learned event
 * plus the idle timeout ({@link #DEFAULT_IDLE_TIMEOUT} unless {@link #withIdleTimeout} says
 * otherwise), counted in {@value #METRIC_NAMESPACE}/{@value #STATE_CLEARED}. Events still waiting
 * then are all later than that deadline, so they stay; without them nothing of the key remains in
 * state. A key that comes back starts a new model: WARMUP, model version 0. The rule is on event
 * time, not processing time, so it is decided by the data alone: an event that follows its key's
 * previous event by the idle timeout or more starts a new model, whenever the state was actually
 * deleted, and replaying a topic gives the same results. Processing time would make results depend
 * on how fast the pipeline ran (a backlog replayed in minutes would never idle) and cannot be
 * tested on Flink. Late events of a key whose state was deleted meet no history; they start the new
 * model instead of being counted as late.
 *
 * <p><b>Windows are not preserved.</b> A model spans all of a key's events, so input in other
 * windows is first put into the global window (with the default trigger), and results are in the
 * global window; window the results downstream if needed. A stateful step in merging windows
 * (sessions) would be rejected by Dataflow and the Direct runner anyway.
 *
 * <p><b>Features.</b> The detector sees {@link Event#values()}, in the order of the event's feature
 * names; every event of a key must have the same features in the same order.
 *
 * <p>Metrics, in {@value #METRIC_NAMESPACE}: {@value #SCORED} (every result), {@value #OUTLIERS}
 * (the alerts), {@value #WARMUP}, {@value #LATE_EVENTS} and {@value #STATE_CLEARED} (counters), and
 * {@value #SCORE_PER_MILLE} (distribution of the finite anomaly scores times 1000: Beam
 * distributions hold whole numbers).
 */
public final class AnomalyDetection
    extends PTransform<PCollection<Event>, PCollection<AnomalyResult>> {
  /** Namespace of this transform's metrics. */
  public static final String METRIC_NAMESPACE = "streamml.anomaly";

  /** Counter of the results output, late ones included. */
  public static final String SCORED = "scored";

  /** Distribution of the finite anomaly scores, times 1000 and rounded. */
  public static final String SCORE_PER_MILLE = "score_per_mille";

  /** Counter of the results labelled {@link AnomalyLabel#OUTLIER}: the alerts. */
  public static final String OUTLIERS = "outliers";

  /** Counter of the results labelled {@link AnomalyLabel#WARMUP}. */
  public static final String WARMUP = "warmup";

  /** Counter of the events scored out of order and not learned: {@link AnomalyResult#isLate()}. */
  public static final String LATE_EVENTS = "late_events";

  /** Counter of key states deleted or restarted after the idle timeout. */
  public static final String STATE_CLEARED = "state_cleared";

  /**
   * The fixed threshold unless {@link #withThreshold} says otherwise. A warm score of at least 0.99
   * is an outlier: with a z-score detector a point at least 2.58 standard deviations from the mean,
   * about one point in a hundred of a steady Gaussian series; raise it for fewer alerts.
   */
  public static final double DEFAULT_THRESHOLD = 0.99;

  /** How long, in event time, a key may stay silent before its state is deleted. */
  public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.standardDays(1);

  private final AnomalyDetector prototype;
  private final Threshold threshold;
  private final Duration idleTimeout;

  private AnomalyDetection(AnomalyDetector prototype, Threshold threshold, Duration idleTimeout) {
    this.prototype = prototype;
    this.threshold = threshold;
    this.idleTimeout = idleTimeout;
  }

  /**
   * Scores each key with its own copy of {@code prototype} ({@link AnomalyDetector#copy()}),
   * usually an untrained detector; labels with {@link #DEFAULT_THRESHOLD} and forgets keys after
   * {@link #DEFAULT_IDLE_TIMEOUT}.
   */
  public static AnomalyDetection of(AnomalyDetector prototype) {
    if (prototype == null) {
      throw new IllegalArgumentException("a prototype AnomalyDetector is required, found null");
    }
    return new AnomalyDetection(
        prototype.copy(), FixedThreshold.of(DEFAULT_THRESHOLD), DEFAULT_IDLE_TIMEOUT);
  }

  /** A copy that calls a warm score an outlier when it is at least {@code threshold}. */
  public AnomalyDetection withThreshold(double threshold) {
    if (!(threshold > 0.0 && threshold <= 1.0)) {
      throw new IllegalArgumentException(
          "the anomaly threshold should be in (0, 1] (a score is an outlier when >= threshold),"
              + " found "
              + threshold);
    }
    return withThreshold(FixedThreshold.of(threshold));
  }

  /**
   * A copy that labels with {@code threshold}, such as an {@code OnlineQuantileThreshold}. Each key
   * gets its own copy, which sees the key's warm, on-time scores in event-time order after
   * labelling them; {@link AnomalyResult#threshold()} reports its value before each decision.
   */
  public AnomalyDetection withThreshold(Threshold threshold) {
    if (threshold == null) {
      throw new IllegalArgumentException("a threshold is required, found null");
    }
    return new AnomalyDetection(prototype, threshold.copy(), idleTimeout);
  }

  /**
   * A copy that deletes a key's state once the watermark is {@code idleTimeout} past the key's last
   * learned event; an event that follows the previous one of its key by at least this much starts a
   * new model.
   */
  public AnomalyDetection withIdleTimeout(Duration idleTimeout) {
    if (idleTimeout == null || !idleTimeout.isLongerThan(Duration.ZERO)) {
      throw new IllegalArgumentException(
          "the idle timeout should be a positive duration, found " + idleTimeout);
    }
    return new AnomalyDetection(prototype, threshold, idleTimeout);
  }

  /** The detector each key starts from (a copy). */
  public AnomalyDetector prototype() {
    return prototype.copy();
  }

  /** The threshold each key starts from (a copy). */
  public Threshold threshold() {
    return threshold.copy();
  }

  public Duration idleTimeout() {
    return idleTimeout;
  }

  @Override
  public PCollection<AnomalyResult> expand(PCollection<Event> input) {
    return inGlobalWindow(input)
        .apply(
            "KeyByEventKey",
            WithKeys.of((SerializableFunction<Event, String>) Event::getKey)
                .withKeyType(TypeDescriptors.strings()))
        .setCoder(KvCoder.of(StringUtf8Coder.of(), EventCoder.of()))
        .apply(
            "ScoreInEventTimeOrder",
            ParDo.of(new ScoreInEventTimeOrderFn(prototype, threshold, idleTimeout)))
        .setCoder(AnomalyResultCoder.of());
  }

  private static PCollection<Event> inGlobalWindow(PCollection<Event> input) {
    if (input.getWindowingStrategy().getWindowFn() instanceof GlobalWindows) {
      return input;
    }
    return input.apply(
        "IntoGlobalWindow",
        Window.<Event>into(new GlobalWindows())
            .triggering(DefaultTrigger.of())
            .withAllowedLateness(Duration.ZERO)
            .discardingFiredPanes());
  }

  @Override
  public void populateDisplayData(DisplayData.Builder builder) {
    super.populateDisplayData(builder);
    builder
        .add(DisplayData.item("detector", prototype.toString()).withLabel("Detector"))
        .add(DisplayData.item("threshold", threshold.toString()).withLabel("Threshold"))
        .add(DisplayData.item("idleTimeout", idleTimeout).withLabel("Idle timeout"));
  }

  @Override
  public String toString() {
    return "AnomalyDetection{detector="
        + prototype
        + ", threshold="
        + threshold
        + ", idleTimeout="
        + idleTimeout
        + "}";
  }

  /**
   * Buffers each key's events until the watermark passes them, then scores and learns them in
   * {@link EventTimeOrder}. Runs in the global window, which never expires, so the runner hands it
   * every event however late.
   *
   * <p>State and timer ids are part of the pipeline's state: never rename them.
   */
  private static final class ScoreInEventTimeOrderFn
      extends DoFn<KV<String, Event>, AnomalyResult> {
    /** Events waiting for the watermark, with their element timestamps. */
    private static final String BUFFER = "buffer";

    /** The key's {@link AnomalyModel}; empty for a new or cleared key. */
    private static final String MODEL = "model";

    /** Timestamp of the last event the model learned: events at or before it are late. */
    private static final String LAST_LEARNED = "lastLearned";

    /** Earliest timestamp in the buffer, the time the release timer is set to; empty if none. */
    private static final String NEXT_RELEASE = "nextRelease";

    /** Fires when the watermark passes the earliest waiting event. */
    private static final String RELEASE_TIMER = "release";

    /** Fires when the watermark passes the last learned event plus the idle timeout. */
    private static final String IDLE_TIMER = "idle";

    @StateId(BUFFER)
    private final StateSpec<BagState<TimestampedValue<Event>>> bufferSpec =
        StateSpecs.bag(TimestampedValueCoder.of(EventCoder.of()));

    // TODO(performance): Java serialization of the model on every release is the main cost per
    // key; a coder per detector (or per detector family) would make it cheaper and keep
    // pipeline updates working when detector classes change.
    @StateId(MODEL)
    private final StateSpec<ValueState<AnomalyModel>> modelSpec =
        StateSpecs.value(SerializableCoder.of(AnomalyModel.class));

    @StateId(LAST_LEARNED)
    private final StateSpec<ValueState<Instant>> lastLearnedSpec =
        StateSpecs.value(InstantCoder.of());

    @StateId(NEXT_RELEASE)
    private final StateSpec<ValueState<Instant>> nextReleaseSpec =
        StateSpecs.value(InstantCoder.of());

    @TimerId(RELEASE_TIMER)
    private final TimerSpec releaseTimerSpec = TimerSpecs.timer(TimeDomain.EVENT_TIME);

    @TimerId(IDLE_TIMER)
    private final TimerSpec idleTimerSpec = TimerSpecs.timer(TimeDomain.EVENT_TIME);

    private final Counter scored = Metrics.counter(METRIC_NAMESPACE, SCORED);
    private final Counter outliers = Metrics.counter(METRIC_NAMESPACE, OUTLIERS);
    private final Distribution scores = Metrics.distribution(METRIC_NAMESPACE, SCORE_PER_MILLE);
    private final Counter warmup = Metrics.counter(METRIC_NAMESPACE, WARMUP);
    private final Counter lateEvents = Metrics.counter(METRIC_NAMESPACE, LATE_EVENTS);
    private final Counter stateCleared = Metrics.counter(METRIC_NAMESPACE, STATE_CLEARED);

    private final AnomalyDetector prototype;
    private final Threshold threshold;
    private final Duration idleTimeout;

    ScoreInEventTimeOrderFn(AnomalyDetector prototype, Threshold threshold, Duration idleTimeout) {
      this.prototype = prototype;
      this.threshold = threshold;
      this.idleTimeout = idleTimeout;
    }

    @ProcessElement
    public void processElement(
        @Element KV<String, Event> element,
        @Timestamp Instant timestamp,
        @StateId(BUFFER) BagState<TimestampedValue<Event>> buffer,
        @StateId(MODEL) ValueState<AnomalyModel> modelState,
        @StateId(LAST_LEARNED) ValueState<Instant> lastLearnedState,
        @StateId(NEXT_RELEASE) ValueState<Instant> nextReleaseState,
        @TimerId(RELEASE_TIMER) Timer releaseTimer,
        OutputReceiver<AnomalyResult> out) {
      Instant lastLearned = lastLearnedState.read();
      if (lastLearned != null && !timestamp.isAfter(lastLearned)) {
        AnomalyModel model = modelState.read();
        AnomalyResult result = model.score(element.getValue(), timestamp, true);
        lateEvents.inc();
        count(result);
        out.outputWithTimestamp(result, timestamp);
        return;
      }
      buffer.add(TimestampedValue.of(element.getValue(), timestamp));
      Instant nextRelease = nextReleaseState.read();
      if (nextRelease == null || timestamp.isBefore(nextRelease)) {
        // Holds the output watermark at the earliest waiting event, so its result is not late.
        nextReleaseState.write(timestamp);
        releaseTimer.withOutputTimestamp(timestamp).set(timestamp);
      }
    }

    @OnTimer(RELEASE_TIMER)
    public void onRelease(
        OnTimerContext context,
        @StateId(BUFFER) BagState<TimestampedValue<Event>> buffer,
        @StateId(MODEL) ValueState<AnomalyModel> modelState,
        @StateId(LAST_LEARNED) ValueState<Instant> lastLearnedState,
        @StateId(NEXT_RELEASE) ValueState<Instant> nextReleaseState,
        @TimerId(RELEASE_TIMER) Timer releaseTimer,
        @TimerId(IDLE_TIMER) Timer idleTimer,
        OutputReceiver<AnomalyResult> out) {
      // The watermark may be far past the timer: release everything it passed in one go rather
      // than one timer firing (and one buffer read) per timestamp. On an event-time timer the
      // relative time is the input watermark; no on-time event before it can still come.
      Instant watermark = releaseTimer.getCurrentRelativeTime();
      Instant releaseUpTo = latest(context.fireTimestamp(), watermark.minus(Duration.millis(1)));
      EventTimeOrder.Split split = EventTimeOrder.split(buffer.read(), releaseUpTo);

      AnomalyModel model = modelState.read();
      Instant lastLearned = lastLearnedState.read();
      List<AnomalyResult> results = new ArrayList<>(split.due().size());
      for (TimestampedValue<Event> due : split.due()) {
        if (model == null || !due.getTimestamp().isBefore(idleDeadline(lastLearned))) {
          if (model != null) {
            // Idle for the timeout, though the idle timer has not fired yet: same new model.
            stateCleared.inc();
          }
          model = AnomalyModel.start(prototype, threshold);
        }
        AnomalyResult result = model.score(due.getValue(), due.getTimestamp(), false);
        model.learn(result);
        lastLearned = due.getTimestamp();
        results.add(result);
      }
      if (model != null) {
        modelState.write(model);
        lastLearnedState.write(lastLearned);
        idleTimer.withNoOutputTimestamp().set(idleDeadline(lastLearned));
      }

      buffer.clear();
      Instant nextRelease = split.nextDue();
      if (nextRelease == null) {
        nextReleaseState.clear();
      } else {
        for (TimestampedValue<Event> waiting : split.waiting()) {
          buffer.add(waiting);
        }
        nextReleaseState.write(nextRelease);
        releaseTimer.withOutputTimestamp(nextRelease).set(nextRelease);
      }

      for (AnomalyResult result : results) {
        count(result);
        out.outputWithTimestamp(result, result.timestamp());
      }
    }

    @OnTimer(IDLE_TIMER)
    public void onIdle(
        OnTimerContext context,
        @StateId(MODEL) ValueState<AnomalyModel> modelState,
        @StateId(LAST_LEARNED) ValueState<Instant> lastLearnedState,
        @StateId(NEXT_RELEASE) ValueState<Instant> nextReleaseState) {
      Instant lastLearned = lastLearnedState.read();
      if (lastLearned == null || idleDeadline(lastLearned).isAfter(context.fireTimestamp())) {
        return;
      }
      Instant nextRelease = nextReleaseState.read();
      if (nextRelease != null && !nextRelease.isAfter(context.fireTimestamp())) {
        // Events due by now wait for their release timer, which fires in the same watermark
        // advance (timers of one key need not fire in timestamp order): it decides by the same
        // rule whether they start a new model, and sets this timer again.
        return;
      }
      // Waiting events, if any, are later than the deadline: they will start a new model.
      modelState.clear();
      lastLearnedState.clear();
      stateCleared.inc();
    }

    private Instant idleDeadline(Instant lastLearned) {
      // Timers may not be set after the end of the global window.
      Instant end = GlobalWindow.INSTANCE.maxTimestamp();
      if (idleTimeout.getMillis() >= end.getMillis() - lastLearned.getMillis()) {
        return end;
      }
      return lastLearned.plus(idleTimeout);
    }

    private void count(AnomalyResult result) {
      scored.inc();
      if (Double.isFinite(result.score())) {
        scores.update(Math.round(1000 * result.score()));
      }
      if (result.label() == AnomalyLabel.OUTLIER) {
        outliers.inc();
      } else if (result.label() == AnomalyLabel.WARMUP) {
        warmup.inc();
      }
    }

    private static Instant latest(Instant a, Instant b) {
      return a.isAfter(b) ? a : b;
    }
  }
}
