package dev.streamml.features;

import dev.streamml.events.Event;
import dev.streamml.events.EventCoder;
import dev.streamml.windowing.EventTimeWindows;
import dev.streamml.windowing.LateElement;
import dev.streamml.windowing.LateElementCoder;
import dev.streamml.windowing.TriggerSpec;
import dev.streamml.windowing.WindowSpec;
import dev.streamml.windowing.WindowedResult;
import java.io.Serializable;
import java.util.Map;
import javax.annotation.Nullable;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.DoubleCoder;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.Combine;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.WithKeys;
import org.apache.beam.sdk.transforms.display.DisplayData;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.apache.beam.sdk.transforms.windowing.GlobalWindow;
import org.apache.beam.sdk.transforms.windowing.IntervalWindow;
import org.apache.beam.sdk.transforms.windowing.PaneInfo;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PBegin;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PInput;
import org.apache.beam.sdk.values.POutput;
import org.apache.beam.sdk.values.PValue;
import org.apache.beam.sdk.values.TimestampedValue;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.apache.beam.vendor.guava.v32_1_2_jre.com.google.common.collect.ImmutableMap;
import org.apache.datasketches.kll.KllSketch;
import org.joda.time.Instant;

/**
 * Summary features of each key's numeric values per event-time window pane: count, sum, mean,
 * sample variance and standard deviation, min, max, approximate p50/p90/p99 (KLL sketch), first and
 * last values with their timestamps, and rate, as {@link WindowFeatures}. See {@link
 * WindowFeatures} for the exact definitions.
 *
 * <p><b>Windows.</b> Windows are preserved: the input is summarised per key in the windows, with
 * the trigger, allowed lateness and accumulation mode it already has (fixed, sliding, session or
 * custom windows, or the global window with a trigger), and each pane of each key and window gives
 * one {@link WindowFeatures}, output in that window at the end of the window. Accumulating panes
 * give figures over everything the window received so far; discarding panes give figures over what
 * arrived since the previous pane. A value in several sliding windows counts in each. Session
 * windows are summarised after they merge. Each record says which window and pane it is ({@link
 * PaneTiming}, pane index, final or not). The element timestamp of each input value is its event
 * time for first, last and rate.
 *
 * <p>With {@link PerKey#windowedBy} / {@link OfEvents#windowedBy} the transform windows the input
 * itself (input in the global window) with {@link EventTimeWindows}, and data later than the
 * allowed lateness goes to {@link Result#tooLate()} instead of being dropped. Otherwise {@code
 * tooLate()} is empty, and data later than the caller's allowed lateness is dropped by Beam as in
 * any grouping.
 *
 * <p>Values that are {@code NaN} or infinite are skipped and counted in {@value
 * #METRICS_NAMESPACE}/{@value #NON_FINITE_SKIPPED}; events without the requested feature are
 * skipped and counted in {@value #METRICS_NAMESPACE}/{@value #MISSING_FEATURE_SKIPPED}. Every
 * record output is counted in {@value #METRICS_NAMESPACE}/{@value #WINDOWS_EMITTED}.
 *
 * <p>An empty pane is output only when an earlier pane of the window took its values (see {@link
 * WindowFeatures}). An empty pane with index 0 cannot hold anything real, since a key has a window
 * only once a value arrived; the Flink runner (Beam 2.70) emits one, a second on-time "final" pane
 * after the real one, when the watermark passes a window's end and its allowed lateness in one
 * step. Such panes are dropped and counted in {@value #METRICS_NAMESPACE}/{@value
 * #EMPTY_FIRST_PANES_SKIPPED}, so that a keyed sink never overwrites a window's figures with it.
 *
 * <pre>{@code
 * // Windowed by the caller:
 * PCollection<KV<String, Double>> latencies = ...;
 * PCollection<WindowFeatures> perMinute =
 *     latencies
 *         .apply(Window.<KV<String, Double>>into(FixedWindows.of(Duration.standardMinutes(1)))
 *             .triggering(AfterWatermark.pastEndOfWindow()
 *                 .withEarlyFirings(AfterProcessingTime.pastFirstElementInPane()
 *                     .plusDelayOf(Duration.standardSeconds(10))))
 *             .withAllowedLateness(Duration.standardMinutes(5))
 *             .accumulatingFiredPanes())
 *         .apply("LatencyFeatures", WindowedFeatures.perKey().withFeatureName("latency_ms"))
 *         .features();
 *
 * // Windowed by the transform, keeping the too-late events:
 * WindowedFeatures.Result<Event> result =
 *     events.apply("PriceFeatures",
 *         WindowedFeatures.ofEvents("price")
 *             .windowedBy(WindowSpec.parse("sliding:10m/1m"),
 *                 TriggerSpec.parse("lateness=5m,accumulating")));
 * result.features().apply(...);
 * result.tooLate().apply(...);   // LateElement<String, Event>
 * }</pre>
 */
public final class WindowedFeatures {

  /** Default KLL parameter k: about 1.33% rank error for one quantile, with 99% confidence. */
  public static final int DEFAULT_SKETCH_K = 200;

  /** Namespace of this package's Beam metrics. */
  public static final String METRICS_NAMESPACE = "streamml.features";

  /** Counter of the {@link WindowFeatures} records output. */
  public static final String WINDOWS_EMITTED = "windows_emitted";

  /** Counter of input values skipped because they are {@code NaN} or infinite. */
  public static final String NON_FINITE_SKIPPED = "non_finite_skipped";

  /** Counter of events skipped because they lack the feature to summarise. */
  public static final String MISSING_FEATURE_SKIPPED = "missing_feature_skipped";

  /**
   * Counter of empty panes that claim to be the first of their window, which Beam's model never
   * produces and which are not output (see {@link WindowedFeatures}).
   */
  public static final String EMPTY_FIRST_PANES_SKIPPED = "empty_first_panes_skipped";

  private WindowedFeatures() {}

  /**
   * Features of a keyed numeric stream, labelled with feature name {@link Event#VALUE} unless
   * {@link PerKey#withFeatureName} says otherwise.
   */
  public static PerKey perKey() {
    return new PerKey(Settings.of(Event.VALUE));
  }

  /**
   * Features of each event's first feature ({@link Event#value()}), labelled {@link Event#VALUE}.
   */
  public static OfEvents ofEvents() {
    return new OfEvents(null, Settings.of(Event.VALUE));
  }

  /**
   * Features of the named feature of events, keyed by {@link Event#getKey()}.
   *
   * @throws IllegalArgumentException if {@code featureName} is null or empty
   */
  public static OfEvents ofEvents(String featureName) {
    checkFeatureName(featureName);
    return new OfEvents(featureName, Settings.of(featureName));
  }

  private static void checkFeatureName(String featureName) {
    if (featureName == null || featureName.isEmpty()) {
      throw new IllegalArgumentException(
          "feature name must be a non-empty string, found "
              + (featureName == null ? "null" : "''"));
    }
  }

  /**
   * Summarises a keyed numeric stream: {@code PCollection<KV<String, Double>>} in, {@link Result}
   * out.
   *
   * <pre>{@code
   * WindowedFeatures.Result<Double> result =
   *     windowedLatencies.apply("LatencyFeatures",
   *         WindowedFeatures.perKey().withFeatureName("latency_ms").withSketchK(400));
   * PCollection<WindowFeatures> features = result.features();
   * }</pre>
   */
  public static final class PerKey
      extends PTransform<PCollection<KV<String, Double>>, Result<Double>> {
    private final Settings settings;

    private PerKey(Settings settings) {
      this.settings = settings;
    }

    /**
     * A copy that labels its output with {@code featureName}.
     *
     * @throws IllegalArgumentException if {@code featureName} is null or empty
     */
    public PerKey withFeatureName(String featureName) {
      checkFeatureName(featureName);
      return new PerKey(settings.withFeatureName(featureName));
    }

    /**
     * A copy whose quantile sketches have parameter {@code k} (default {@link #DEFAULT_SKETCH_K}):
     * larger is more accurate and bigger.
     *
     * @throws IllegalArgumentException unless 8 &lt;= k &lt;= 65535
     */
    public PerKey withSketchK(int k) {
      return new PerKey(settings.withSketchK(k));
    }

    /**
     * A copy that windows the input itself with {@link EventTimeWindows} and sends data later than
     * the allowed lateness to {@link Result#tooLate()}. The input must then be in the global
     * window.
     *
     * @throws IllegalArgumentException if either spec is null
     */
    public PerKey windowedBy(WindowSpec windows, TriggerSpec trigger) {
      return new PerKey(settings.windowedBy(windows, trigger));
    }

    @Override
    public Result<Double> expand(PCollection<KV<String, Double>> input) {
      return summarise(input, DoubleCoder.of(), new ReadDoubleFn(), settings);
    }

    @Override
    public void populateDisplayData(DisplayData.Builder builder) {
      super.populateDisplayData(builder);
      settings.populateDisplayData(builder);
    }
  }

  /**
   * Summarises one feature of {@link Event}s, keyed by {@link Event#getKey()}: {@code
   * PCollection<Event>} in, {@link Result} out.
   *
   * <pre>{@code
   * WindowedFeatures.Result<Event> result =
   *     events.apply("TemperatureFeatures",
   *         WindowedFeatures.ofEvents("temperature")
   *             .windowedBy(WindowSpec.parse("fixed:1m"), TriggerSpec.parse("lateness=2m")));
   * }</pre>
   */
  public static final class OfEvents extends PTransform<PCollection<Event>, Result<Event>> {
    /** The feature to read; null for {@link Event#value()}. */
    private final @Nullable String featureToRead;

    private final Settings settings;

    private OfEvents(@Nullable String featureToRead, Settings settings) {
      this.featureToRead = featureToRead;
      this.settings = settings;
    }

    /**
     * A copy whose quantile sketches have parameter {@code k} (default {@link #DEFAULT_SKETCH_K}).
     *
     * @throws IllegalArgumentException unless 8 &lt;= k &lt;= 65535
     */
    public OfEvents withSketchK(int k) {
      return new OfEvents(featureToRead, settings.withSketchK(k));
    }

    /**
     * A copy that windows the events itself with {@link EventTimeWindows} and sends events later
     * than the allowed lateness to {@link Result#tooLate()}. The input must then be in the global
     * window.
     *
     * @throws IllegalArgumentException if either spec is null
     */
    public OfEvents windowedBy(WindowSpec windows, TriggerSpec trigger) {
      return new OfEvents(featureToRead, settings.windowedBy(windows, trigger));
    }

    @Override
    public Result<Event> expand(PCollection<Event> input) {
      PCollection<KV<String, Event>> keyed =
          input
              .apply(
                  "KeyByEventKey",
                  WithKeys.of(Event::getKey).withKeyType(TypeDescriptors.strings()))
              .setCoder(KvCoder.of(StringUtf8Coder.of(), EventCoder.of()));
      return summarise(keyed, EventCoder.of(), new ReadEventFeatureFn(featureToRead), settings);
    }

    @Override
    public void populateDisplayData(DisplayData.Builder builder) {
      super.populateDisplayData(builder);
      settings.populateDisplayData(builder);
    }
  }

  /**
   * The features, and the input elements that came too late for their windows.
   *
   * <pre>{@code
   * WindowedFeatures.Result<Double> result = input.apply(
   *     WindowedFeatures.perKey().windowedBy(WindowSpec.parse("fixed:1m"), TriggerSpec.DEFAULT));
   * result.features().apply("WriteFeatures", ...);
   * result.tooLate().apply("WriteTooLate", ...);
   * }</pre>
   *
   * @param <V> the input value type: {@code Double} for {@link PerKey}, {@link Event} for {@link
   *     OfEvents}
   */
  public static final class Result<V> implements POutput {
    private static final TupleTag<WindowFeatures> FEATURES = new TupleTag<>("features");

    private final PCollection<WindowFeatures> features;
    private final TupleTag<LateElement<String, V>> tooLateTag = new TupleTag<>("tooLate");
    private final PCollection<LateElement<String, V>> tooLate;

    private Result(
        PCollection<WindowFeatures> features, PCollection<LateElement<String, V>> tooLate) {
      this.features = features;
      this.tooLate = tooLate;
    }

    /** One record per key, window and pane, in the windows of the input. */
    public PCollection<WindowFeatures> features() {
      return features;
    }

    /**
     * Input elements later than the allowed lateness for all their windows, when the transform
     * windowed the input ({@code windowedBy}); empty when the caller windowed it.
     */
    public PCollection<LateElement<String, V>> tooLate() {
      return tooLate;
    }

    @Override
    public Pipeline getPipeline() {
      return features.getPipeline();
    }

    @Override
    public Map<TupleTag<?>, PValue> expand() {
      return ImmutableMap.of(FEATURES, features, tooLateTag, tooLate);
    }

    @Override
    public void finishSpecifyingOutput(
        String transformName, PInput input, PTransform<?, ?> transform) {}
  }

  private static <V> Result<V> summarise(
      PCollection<KV<String, V>> input,
      Coder<V> valueCoder,
      ReadValueFn<V> readValue,
      Settings settings) {
    PCollection<KV<String, V>> windowed;
    PCollection<LateElement<String, V>> tooLate;
    if (settings.windows == null) {
      windowed = input;
      tooLate =
          PBegin.in(input.getPipeline())
              .apply(
                  "NoTooLateElements",
                  Create.empty(LateElementCoder.of(StringUtf8Coder.of(), valueCoder)));
    } else {
      WindowedResult<String, V> routed =
          input.apply(
              "AssignWindows", EventTimeWindows.<String, V>of(settings.windows, settings.trigger));
      windowed = routed.onTime();
      tooLate = routed.tooLate();
    }
    PCollection<WindowFeatures> features =
        windowed
            .apply("ReadValues", ParDo.of(readValue))
            .setCoder(
                KvCoder.of(
                    StringUtf8Coder.of(),
                    TimestampedValue.TimestampedValueCoder.of(DoubleCoder.of())))
            .apply("SummarisePerKey", Combine.perKey(new FeatureStatsFn(settings.sketchK)))
            .setCoder(KvCoder.of(StringUtf8Coder.of(), FeatureStats.Coder.of()))
            .apply("ToWindowFeatures", ParDo.of(new ToWindowFeaturesFn(settings.featureName)))
            .setCoder(WindowFeaturesCoder.of());
    return new Result<>(features, tooLate);
  }

  /** The settings both transforms share; immutable. */
  private static final class Settings implements Serializable {
    private static final long serialVersionUID = 1L;

    final String featureName;
    final int sketchK;
    final @Nullable WindowSpec windows;
    final @Nullable TriggerSpec trigger;

    private Settings(
        String featureName,
        int sketchK,
        @Nullable WindowSpec windows,
        @Nullable TriggerSpec trigger) {
      this.featureName = featureName;
      this.sketchK = sketchK;
      this.windows = windows;
      this.trigger = trigger;
    }

    static Settings of(String featureName) {
      return new Settings(featureName, DEFAULT_SKETCH_K, null, null);
    }

    Settings withFeatureName(String newFeatureName) {
      return new Settings(newFeatureName, sketchK, windows, trigger);
    }

    Settings withSketchK(int k) {
      if (k < 8 || k > KllSketch.MAX_K) {
        throw new IllegalArgumentException(
            "sketch k must be between 8 and " + KllSketch.MAX_K + ", found " + k);
      }
      return new Settings(featureName, k, windows, trigger);
    }

    Settings windowedBy(WindowSpec newWindows, TriggerSpec newTrigger) {
      if (newWindows == null) {
        throw new IllegalArgumentException("windowedBy needs a window spec, found null");
      }
      if (newTrigger == null) {
        throw new IllegalArgumentException(
            "windowedBy needs a trigger spec (TriggerSpec.DEFAULT fires at the watermark),"
                + " found null");
      }
      return new Settings(featureName, sketchK, newWindows, newTrigger);
    }

    void populateDisplayData(DisplayData.Builder builder) {
      builder
          .add(DisplayData.item("featureName", featureName))
          .add(DisplayData.item("sketchK", sketchK));
      if (windows != null) {
        builder
            .add(DisplayData.item("windows", windows.toString()))
            .add(DisplayData.item("trigger", String.valueOf(trigger)));
      }
    }
  }

  /**
   * Reads the number to summarise from each keyed element, paired with the element's timestamp;
   * skips non-finite numbers.
   */
  private abstract static class ReadValueFn<V>
      extends DoFn<KV<String, V>, KV<String, TimestampedValue<Double>>> {
    private final Counter nonFinite = Metrics.counter(METRICS_NAMESPACE, NON_FINITE_SKIPPED);

    /** The number, or null to skip the element (having counted why). */
    abstract @Nullable Double read(V value);

    @ProcessElement
    public void processElement(
        @Element KV<String, V> element,
        @Timestamp Instant timestamp,
        OutputReceiver<KV<String, TimestampedValue<Double>>> out) {
      Double value = read(element.getValue());
      if (value == null) {
        return;
      }
      if (!Double.isFinite(value)) {
        nonFinite.inc();
        return;
      }
      out.output(KV.of(element.getKey(), TimestampedValue.of(value, timestamp)));
    }
  }

  private static final class ReadDoubleFn extends ReadValueFn<Double> {
    @Override
    @Nullable
    Double read(Double value) {
      return value;
    }
  }

  private static final class ReadEventFeatureFn extends ReadValueFn<Event> {
    private final Counter missing = Metrics.counter(METRICS_NAMESPACE, MISSING_FEATURE_SKIPPED);
    private final @Nullable String featureName;

    ReadEventFeatureFn(@Nullable String featureName) {
      this.featureName = featureName;
    }

    @Override
    @Nullable
    Double read(Event event) {
      if (featureName == null) {
        return event.value();
      }
      if (!event.hasFeature(featureName)) {
        missing.inc();
        return null;
      }
      return event.feature(featureName);
    }
  }

  /** Adds window and pane to each key's summary. */
  private static final class ToWindowFeaturesFn
      extends DoFn<KV<String, FeatureStats>, WindowFeatures> {
    private final Counter emitted = Metrics.counter(METRICS_NAMESPACE, WINDOWS_EMITTED);
    private final Counter emptyFirstPanes =
        Metrics.counter(METRICS_NAMESPACE, EMPTY_FIRST_PANES_SKIPPED);
    private final String featureName;

    ToWindowFeaturesFn(String featureName) {
      this.featureName = featureName;
    }

    @ProcessElement
    public void processElement(
        @Element KV<String, FeatureStats> element,
        BoundedWindow window,
        PaneInfo pane,
        OutputReceiver<WindowFeatures> out) {
      FeatureStats stats = element.getValue();
      if (stats.count == 0 && pane.getIndex() == 0) {
        // Not a real pane: Flink's runner fires the end-of-window and garbage-collection timers
        // of a window separately when one watermark step passes both, and the second firing sees
        // the window already cleared. See the class javadoc.
        emptyFirstPanes.inc();
        return;
      }
      Instant start;
      Instant end;
      double rate;
      if (window instanceof IntervalWindow) {
        start = ((IntervalWindow) window).start();
        end = ((IntervalWindow) window).end();
        rate = stats.count / seconds(start, end);
      } else {
        start = BoundedWindow.TIMESTAMP_MIN_VALUE;
        end =
            window instanceof GlobalWindow
                ? BoundedWindow.TIMESTAMP_MAX_VALUE
                : window.maxTimestamp().plus(1);
        // An unbounded window has no length: measure the span the values cover instead.
        rate =
            stats.count > 0 && stats.lastTimestamp.isAfter(stats.firstTimestamp)
                ? stats.count / seconds(stats.firstTimestamp, stats.lastTimestamp)
                : Double.NaN;
      }
      WindowFeatures features =
          WindowFeatures.builder(element.getKey(), featureName, start, end)
              .count(stats.count)
              .sum(stats.sum)
              .mean(stats.mean)
              .variance(stats.variance)
              .min(stats.min)
              .max(stats.max)
              .p50(stats.p50)
              .p90(stats.p90)
              .p99(stats.p99)
              .first(stats.firstValue, stats.firstTimestamp)
              .last(stats.lastValue, stats.lastTimestamp)
              .rate(rate)
              .pane(PaneTiming.of(pane), pane.getIndex(), pane.isLast())
              .build();
      emitted.inc();
      out.output(features);
    }

    private static double seconds(Instant from, Instant to) {
      return (to.getMillis() - from.getMillis()) / 1000.0;
    }
  }
}
