package dev.streamml.windowing;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.Coder.NonDeterministicException;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.state.TimeDomain;
import org.apache.beam.sdk.state.Timer;
import org.apache.beam.sdk.state.TimerSpec;
import org.apache.beam.sdk.state.TimerSpecs;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.apache.beam.sdk.transforms.windowing.GlobalWindows;
import org.apache.beam.sdk.transforms.windowing.IntervalWindow;
import org.apache.beam.sdk.transforms.windowing.Window;
import org.apache.beam.sdk.transforms.windowing.WindowFn;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;
import org.joda.time.Duration;
import org.joda.time.Instant;

/**
 * Puts keyed events into event-time windows with a trigger, and keeps the events that come too late
 * instead of letting Beam drop them silently.
 *
 * <p>A {@code GroupByKey} or {@code Combine.perKey} after {@code Window.into} drops every element
 * whose windows have all expired: the input watermark is past the end of the window plus the
 * allowed lateness. This transform first checks each element against that same rule and sends the
 * too-late ones to {@link WindowedResult#tooLate()} as {@link LateElement}s, counted in the metric
 * {@value #METRIC_NAMESPACE}/{@value #TOO_LATE_COUNTER}. The others go to {@link
 * WindowedResult#onTime()}, unchanged, in the windows of the {@link WindowSpec} with the trigger,
 * allowed lateness and accumulation mode of the {@link TriggerSpec} ({@link TriggerSpec#DEFAULT}
 * unless set).
 *
 * <p><b>Windows.</b> The input must not be windowed yet (global window): the check runs before
 * windows are assigned, because a runner drops expired elements before a windowed step sees them.
 * Each element's windows are assigned by the spec's {@link WindowFn} exactly as {@code Window.into}
 * does. An element is too late if <em>every</em> assigned window is expired, which for sliding
 * windows means that an element too late for some of its windows but not all is kept: Beam adds it
 * to the windows still open and drops it from the others (counted by Beam as {@code
 * droppedDueToLateness}). For session windows the check is on the element's own proto-session
 * {@code [timestamp, timestamp + gap)}, before merging, as Beam does; a late element within the
 * lateness may then merge two sessions into one. Too-late elements stay in the global window at
 * their own timestamps.
 *
 * <p>The input key coder must be deterministic: the check is a keyed step that reads the watermark
 * through an event-time timer. It never sets the timer and keeps no state.
 *
 * <pre>{@code
 * PCollection<KV<String, Double>> amounts = ...; // keyed, timestamped, not windowed
 * WindowedResult<String, Double> windowed =
 *     amounts.apply(
 *         "TenMinuteWindows",
 *         EventTimeWindows.of(
 *             WindowSpec.parse("fixed:10m"),
 *             TriggerSpec.parse("early=30s,late=each,lateness=5m,accumulating")));
 * PCollection<KV<String, Double>> totals = windowed.onTime().apply(Sum.doublesPerKey());
 * windowed.tooLate().apply("LogTooLate", ...);  // LateElement: key, value, windows, lateness
 * }</pre>
 *
 * @param <K> key type
 * @param <V> value type
 */
public final class EventTimeWindows<K, V>
    extends PTransform<PCollection<KV<K, V>>, WindowedResult<K, V>> {
  /** Namespace of this package's metrics. */
  public static final String METRIC_NAMESPACE = "streamml.windowing";

  /** Counter of the elements sent to {@link WindowedResult#tooLate()}. */
  public static final String TOO_LATE_COUNTER = "too_late";

  private final WindowSpec windows;
  private final TriggerSpec trigger;

  private EventTimeWindows(WindowSpec windows, TriggerSpec trigger) {
    this.windows = windows;
    this.trigger = trigger;
  }

  /** Windows of {@code windows} with {@link TriggerSpec#DEFAULT}. */
  public static <K, V> EventTimeWindows<K, V> of(WindowSpec windows) {
    return of(windows, TriggerSpec.DEFAULT);
  }

  /** Windows of {@code windows}, fired as {@code trigger} says. */
  public static <K, V> EventTimeWindows<K, V> of(WindowSpec windows, TriggerSpec trigger) {
    if (windows == null) {
      throw new IllegalArgumentException("a window spec is required, found null");
    }
    if (trigger == null) {
      throw new IllegalArgumentException("a trigger spec is required, found null");
    }
    return new EventTimeWindows<>(windows, trigger);
  }

  /** A copy that fires as {@code trigger} says. */
  public EventTimeWindows<K, V> withTrigger(TriggerSpec trigger) {
    return of(windows, trigger);
  }

  /** The windows elements are assigned to. */
  public WindowSpec windowSpec() {
    return windows;
  }

  /** When panes fire, the allowed lateness and the accumulation mode. */
  public TriggerSpec triggerSpec() {
    return trigger;
  }

  @Override
  public WindowedResult<K, V> expand(PCollection<KV<K, V>> input) {
    KvCoder<K, V> coder = checkInput(input);
    TupleTag<KV<K, V>> onTimeTag = new TupleTag<>("onTime");
    TupleTag<LateElement<K, V>> tooLateTag = new TupleTag<>("tooLate");

    PCollectionTuple routed =
        input.apply(
            "RouteTooLate",
            ParDo.of(
                    new RouteTooLateFn<>(
                        windows.toWindowFn(), trigger.allowedLateness(), onTimeTag, tooLateTag))
                .withOutputTags(onTimeTag, TupleTagList.of(tooLateTag)));

    // Why nothing that passes the router is dropped by the grouping step downstream: a runner
    // never lets a step's input watermark pass an element still on its way to that step. Direct
    // holds a PCollection's watermark at its pending bundles; Flink sends watermarks in-band, in
    // order with the elements of each channel, and a step's watermark is the minimum over its
    // channels. So when the grouping step sees an element, its input watermark is at most the one
    // the router read for that element (runners may only deliver watermarks later, e.g. Flink
    // holds them while a bundle is open, which makes elements less late, never more). Same rule,
    // same or older watermark: a window the router found open is not expired downstream.
    PCollection<KV<K, V>> onTime =
        routed
            .get(onTimeTag)
            .setCoder(coder)
            .apply("AssignWindows", trigger.applyTo(Window.<KV<K, V>>into(windows.toWindowFn())));
    PCollection<LateElement<K, V>> tooLate =
        routed
            .get(tooLateTag)
            .setCoder(LateElementCoder.of(coder.getKeyCoder(), coder.getValueCoder()));
    return WindowedResult.of(onTimeTag, onTime, tooLateTag, tooLate);
  }

  private KvCoder<K, V> checkInput(PCollection<KV<K, V>> input) {
    if (!(input.getWindowingStrategy().getWindowFn() instanceof GlobalWindows)) {
      throw new IllegalArgumentException(
          "EventTimeWindows assigns the windows itself: apply it to input in the global window,"
              + " found "
              + input.getWindowingStrategy().getWindowFn());
    }
    Coder<KV<K, V>> coder = input.getCoder();
    if (!(coder instanceof KvCoder)) {
      throw new IllegalArgumentException(
          "EventTimeWindows needs input encoded with a KvCoder, found " + coder);
    }
    KvCoder<K, V> kvCoder = (KvCoder<K, V>) coder;
    try {
      kvCoder.getKeyCoder().verifyDeterministic();
    } catch (NonDeterministicException e) {
      throw new IllegalArgumentException(
          "EventTimeWindows needs a deterministic key coder, found " + kvCoder.getKeyCoder(), e);
    }
    return kvCoder;
  }

  @Override
  public String toString() {
    return "EventTimeWindows{" + windows + ", " + trigger + "}";
  }

  /**
   * Sends each element to the on-time output, or to the too-late output when all its windows are
   * expired. Runs keyed in the global window, which never expires, so the runner hands it every
   * element however late.
   */
  private static final class RouteTooLateFn<K, V> extends DoFn<KV<K, V>, KV<K, V>> {
    /**
     * Never set: on an event-time timer {@code getCurrentRelativeTime()} is the input watermark
     * (Beam's {@code SimpleDoFnRunner.TimerInternalsTimer}), the one runners drop late data by. The
     * id is part of the pipeline's state: never rename it.
     */
    private static final String WATERMARK_TIMER = "watermark";

    @TimerId(WATERMARK_TIMER)
    private final TimerSpec watermarkTimer = TimerSpecs.timer(TimeDomain.EVENT_TIME);

    private final Counter tooLateCounter = Metrics.counter(METRIC_NAMESPACE, TOO_LATE_COUNTER);
    private final WindowFn<Object, IntervalWindow> windowFn;
    private final Duration allowedLateness;
    private final TupleTag<KV<K, V>> onTimeTag;
    private final TupleTag<LateElement<K, V>> tooLateTag;

    RouteTooLateFn(
        WindowFn<Object, IntervalWindow> windowFn,
        Duration allowedLateness,
        TupleTag<KV<K, V>> onTimeTag,
        TupleTag<LateElement<K, V>> tooLateTag) {
      this.windowFn = windowFn;
      this.allowedLateness = allowedLateness;
      this.onTimeTag = onTimeTag;
      this.tooLateTag = tooLateTag;
    }

    @ProcessElement
    public void processElement(
        @Element KV<K, V> element,
        @Timestamp Instant timestamp,
        BoundedWindow window,
        @TimerId(WATERMARK_TIMER) Timer watermarkTimer,
        MultiOutputReceiver out)
        throws Exception {
      Instant watermark = watermarkTimer.getCurrentRelativeTime();
      Collection<IntervalWindow> assigned = assignWindows(element, timestamp, window);
      Instant lastAccepted = BoundedWindow.TIMESTAMP_MIN_VALUE;
      for (IntervalWindow candidate : assigned) {
        Instant gcTime = WindowExpiry.garbageCollectionTime(candidate, allowedLateness);
        if (gcTime.isAfter(lastAccepted)) {
          lastAccepted = gcTime;
        }
      }
      if (assigned.isEmpty() || !lastAccepted.isBefore(watermark)) {
        out.get(onTimeTag).output(element);
        return;
      }
      tooLateCounter.inc();
      out.get(tooLateTag)
          .output(
              LateElement.of(
                  element.getKey(),
                  element.getValue(),
                  timestamp,
                  new ArrayList<>(assigned),
                  watermark,
                  new Duration(lastAccepted, watermark)));
    }

    @OnTimer(WATERMARK_TIMER)
    public void onWatermarkTimer() {
      // Never set: the timer only reads the watermark.
    }

    private List<IntervalWindow> assignWindows(
        KV<K, V> element, Instant timestamp, BoundedWindow window) throws Exception {
      return new ArrayList<>(
          windowFn.assignWindows(
              windowFn.new AssignContext() {
                @Override
                public Object element() {
                  return element;
                }

                @Override
                public Instant timestamp() {
                  return timestamp;
                }

                @Override
                public BoundedWindow window() {
                  return window;
                }
              }));
    }
  }
}
