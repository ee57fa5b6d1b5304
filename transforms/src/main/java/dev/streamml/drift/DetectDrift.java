package dev.streamml.drift;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.beam.sdk.coders.DoubleCoder;
import org.apache.beam.sdk.coders.InstantCoder;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.metrics.Counter;
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
import org.apache.beam.sdk.transforms.display.DisplayData;
import org.apache.beam.sdk.transforms.windowing.DefaultTrigger;
import org.apache.beam.sdk.transforms.windowing.GlobalWindows;
import org.apache.beam.sdk.transforms.windowing.Window;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TimestampedValue;
import org.apache.beam.sdk.values.TimestampedValue.TimestampedValueCoder;
import org.joda.time.Duration;
import org.joda.time.Instant;

/**
 * Runs a {@link DriftDetector} over each key's stream of numbers, <b>in event-time order</b>, and
 * outputs a {@link DriftEvent} at every {@link DriftState#DRIFT} and at every entry into {@link
 * DriftState#WARNING} (not at each value that stays in warning). Each key gets its own copy of the
 * prototype detector.
 *
 * <pre>{@code
 * PCollection<KV<String, Double>> errors = ...; // 0/1 per prediction, keyed by model
 * PCollection<DriftEvent> drifts = errors.apply("DetectDrift", DetectDrift.of(Ddm.create()));
 * }</pre>
 *
 * <p><b>Order.</b> Values wait in the key's state (a bag) until the input watermark passes their
 * timestamp, then are fed to the detector in timestamp order; values with equal timestamps in
 * increasing numeric order, so arrival order never decides. An event-time timer, set to the
 * earliest waiting value with that value's timestamp as output timestamp, holds the watermark, so
 * drift events are on time downstream; each is output at the timestamp of its value.
 *
 * <p><b>Late values.</b> A value at or before the last value its key has fed to the detector can no
 * longer be put in order. It is dropped and counted in {@value #METRIC_NAMESPACE}/{@value
 * #LATE_VALUES}; non-finite values are dropped and counted in {@value #INVALID_VALUES}.
 *
 * <p><b>Windows are not preserved.</b> A detector spans all of a key's values: input in other
 * windows is first put into the global window (default trigger), and drift events are in the global
 * window. Key state is kept for as long as the key lives.
 */
public final class DetectDrift
    extends PTransform<PCollection<KV<String, Double>>, PCollection<DriftEvent>> {

  /** Namespace of this transform's metrics. */
  public static final String METRIC_NAMESPACE = "streamml.drift";

  /** Counter of values fed to a detector. */
  public static final String VALUES = "values";

  /** Counter of drifts output. */
  public static final String DRIFTS = "drifts";

  /** Counter of values dropped because their key had already passed their timestamp. */
  public static final String LATE_VALUES = "late_values";

  /** Counter of NaN or infinite values dropped. */
  public static final String INVALID_VALUES = "invalid_values";

  private final DriftDetector prototype;

  private DetectDrift(DriftDetector prototype) {
    this.prototype = prototype;
  }

  /** Detects drift in each key's values with its own copy of {@code prototype}. */
  public static DetectDrift of(DriftDetector prototype) {
    if (prototype == null) {
      throw new IllegalArgumentException("a prototype DriftDetector is required, found null");
    }
    return new DetectDrift(prototype.copy());
  }

  /** The detector each key starts from (a copy). */
  public DriftDetector prototype() {
    return prototype.copy();
  }

  @Override
  public PCollection<DriftEvent> expand(PCollection<KV<String, Double>> input) {
    return inGlobalWindow(input)
        .apply("DetectInEventTimeOrder", ParDo.of(new DetectInEventTimeOrderFn(prototype)))
        .setCoder(DriftEventCoder.of());
  }

  private static PCollection<KV<String, Double>> inGlobalWindow(
      PCollection<KV<String, Double>> input) {
    if (input.getWindowingStrategy().getWindowFn() instanceof GlobalWindows) {
      return input;
    }
    return input
        .apply(
            "IntoGlobalWindow",
            Window.<KV<String, Double>>into(new GlobalWindows())
                .triggering(DefaultTrigger.of())
                .withAllowedLateness(Duration.ZERO)
                .discardingFiredPanes())
        .setCoder(KvCoder.of(StringUtf8Coder.of(), DoubleCoder.of()));
  }

  @Override
  public void populateDisplayData(DisplayData.Builder builder) {
    super.populateDisplayData(builder);
    builder.add(DisplayData.item("detector", prototype.id()).withLabel("Drift detector"));
  }

  /**
   * Buffers each key's values until the watermark passes them, then feeds them to the key's
   * detector in order. State and timer ids are part of the pipeline's state: never rename them.
   */
  private static final class DetectInEventTimeOrderFn extends DoFn<KV<String, Double>, DriftEvent> {
    /** Values waiting for the watermark, with their timestamps. */
    private static final String BUFFER = "buffer";

    /** The key's detector; empty before its first value. */
    private static final String DETECTOR = "detector";

    /** Timestamp of the last value fed to the detector: values at or before it are late. */
    private static final String LAST_FED = "lastFed";

    /** Earliest timestamp in the buffer, where the release timer is set; empty if none. */
    private static final String NEXT_RELEASE = "nextRelease";

    /** Fires when the watermark passes the earliest waiting value. */
    private static final String RELEASE_TIMER = "release";

    private static final Comparator<TimestampedValue<Double>> ORDER =
        Comparator.<TimestampedValue<Double>, Instant>comparing(TimestampedValue::getTimestamp)
            .thenComparing(TimestampedValue::getValue);

    @StateId(BUFFER)
    private final StateSpec<BagState<TimestampedValue<Double>>> bufferSpec =
        StateSpecs.bag(TimestampedValueCoder.of(DoubleCoder.of()));

    @StateId(DETECTOR)
    private final StateSpec<ValueState<DriftDetector>> detectorSpec =
        StateSpecs.value(SerializableCoder.of(DriftDetector.class));

    @StateId(LAST_FED)
    private final StateSpec<ValueState<Instant>> lastFedSpec = StateSpecs.value(InstantCoder.of());

    @StateId(NEXT_RELEASE)
    private final StateSpec<ValueState<Instant>> nextReleaseSpec =
        StateSpecs.value(InstantCoder.of());

    @TimerId(RELEASE_TIMER)
    private final TimerSpec releaseTimerSpec = TimerSpecs.timer(TimeDomain.EVENT_TIME);

    private final Counter values = Metrics.counter(METRIC_NAMESPACE, VALUES);
    private final Counter drifts = Metrics.counter(METRIC_NAMESPACE, DRIFTS);
    private final Counter lateValues = Metrics.counter(METRIC_NAMESPACE, LATE_VALUES);
    private final Counter invalidValues = Metrics.counter(METRIC_NAMESPACE, INVALID_VALUES);

    private final DriftDetector prototype;

    DetectInEventTimeOrderFn(DriftDetector prototype) {
      this.prototype = prototype;
    }

    @ProcessElement
    public void processElement(
        @Element KV<String, Double> element,
        @Timestamp Instant timestamp,
        @StateId(BUFFER) BagState<TimestampedValue<Double>> buffer,
        @StateId(LAST_FED) ValueState<Instant> lastFedState,
        @StateId(NEXT_RELEASE) ValueState<Instant> nextReleaseState,
        @TimerId(RELEASE_TIMER) Timer releaseTimer) {
      Double value = element.getValue();
      if (value == null || !Double.isFinite(value)) {
        invalidValues.inc();
        return;
      }
      Instant lastFed = lastFedState.read();
      if (lastFed != null && !timestamp.isAfter(lastFed)) {
        lateValues.inc();
        return;
      }
      buffer.add(TimestampedValue.of(value, timestamp));
      Instant nextRelease = nextReleaseState.read();
      if (nextRelease == null || timestamp.isBefore(nextRelease)) {
        nextReleaseState.write(timestamp);
        releaseTimer.withOutputTimestamp(timestamp).set(timestamp);
      }
    }

    @OnTimer(RELEASE_TIMER)
    public void onRelease(
        OnTimerContext context,
        @Key String key,
        @StateId(BUFFER) BagState<TimestampedValue<Double>> buffer,
        @StateId(DETECTOR) ValueState<DriftDetector> detectorState,
        @StateId(LAST_FED) ValueState<Instant> lastFedState,
        @StateId(NEXT_RELEASE) ValueState<Instant> nextReleaseState,
        @TimerId(RELEASE_TIMER) Timer releaseTimer,
        OutputReceiver<DriftEvent> out) {
      // Releases everything the watermark has passed in one firing; no on-time value before the
      // input watermark can still come.
      Instant watermark = releaseTimer.getCurrentRelativeTime();
      Instant releaseUpTo = context.fireTimestamp();
      Instant beforeWatermark = watermark.minus(Duration.millis(1));
      if (beforeWatermark.isAfter(releaseUpTo)) {
        releaseUpTo = beforeWatermark;
      }
      List<TimestampedValue<Double>> due = new ArrayList<>();
      List<TimestampedValue<Double>> waiting = new ArrayList<>();
      Instant nextRelease = null;
      for (TimestampedValue<Double> value : buffer.read()) {
        if (value.getTimestamp().isAfter(releaseUpTo)) {
          waiting.add(value);
          if (nextRelease == null || value.getTimestamp().isBefore(nextRelease)) {
            nextRelease = value.getTimestamp();
          }
        } else {
          due.add(value);
        }
      }
      due.sort(ORDER);

      DriftDetector detector = detectorState.read();
      if (detector == null) {
        detector = prototype.copy();
      }
      List<DriftEvent> events = new ArrayList<>();
      for (TimestampedValue<Double> value : due) {
        DriftState before = detector.state();
        DriftState state = detector.update(value.getValue());
        if (state == DriftState.DRIFT
            || (state == DriftState.WARNING && before != DriftState.WARNING)) {
          events.add(
              DriftEvent.of(
                  key,
                  value.getTimestamp(),
                  detector.id(),
                  state,
                  detector.detections(),
                  detector.count()));
        }
      }
      if (!due.isEmpty()) {
        detectorState.write(detector);
        lastFedState.write(due.get(due.size() - 1).getTimestamp());
      }

      buffer.clear();
      if (nextRelease == null) {
        nextReleaseState.clear();
      } else {
        for (TimestampedValue<Double> value : waiting) {
          buffer.add(value);
        }
        nextReleaseState.write(nextRelease);
        releaseTimer.withOutputTimestamp(nextRelease).set(nextRelease);
      }

      values.inc(due.size());
      for (DriftEvent event : events) {
        if (event.state() == DriftState.DRIFT) {
          drifts.inc();
        }
        out.outputWithTimestamp(event, event.timestamp());
      }
    }
  }
}
