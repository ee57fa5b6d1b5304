package dev.streamml.sessions;

import dev.streamml.events.TwoOutputs;
import dev.streamml.features.PaneTiming;
import dev.streamml.windowing.EventTimeWindows;
import dev.streamml.windowing.LateElement;
import dev.streamml.windowing.TriggerSpec;
import dev.streamml.windowing.WindowSpec;
import org.apache.beam.sdk.transforms.Combine;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.Values;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.apache.beam.sdk.transforms.windowing.IntervalWindow;
import org.apache.beam.sdk.transforms.windowing.PaneInfo;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TupleTag;

/**
 * Traffic of all hosts per event-time window ({@link #DEFAULT_WINDOW} unless set): requests and
 * requests per second, bytes, error ratio, and the top-N URLs and hosts ({@link #DEFAULT_TOP_N}),
 * found with bounded-memory frequent-items sketches ({@link TrafficCounts}), as {@link
 * TrafficWindow}s.
 *
 * <p><b>Windows.</b> The input (requests keyed by host, timestamped with request time, in the
 * global window) is windowed by the transform with {@link EventTimeWindows}, so requests later
 * than the allowed lateness go to {@link Result#tooLate()}. Every pane of every window gives one
 * {@link TrafficWindow}; with the default trigger that is one pane per window at the watermark.
 * Use accumulating panes with lateness, so that a late pane replaces the window's figures.
 *
 * <pre>{@code
 * TrafficFigures.Result traffic =
 *     parsed.requests().apply("Traffic",
 *         TrafficFigures.of(WindowSpec.parse("sliding:5m/1m")).withTopN(10));
 * traffic.windows();   // PCollection<TrafficWindow>
 * }</pre>
 */
public final class TrafficFigures
    extends PTransform<PCollection<KV<String, LogRequest>>, TrafficFigures.Result> {

  /** Five-minute windows every minute. */
  public static final WindowSpec DEFAULT_WINDOW = WindowSpec.parse("sliding:5m/1m");

  /** How many URLs and hosts each window lists. */
  public static final int DEFAULT_TOP_N = 5;

  /**
   * Entries of each frequent-items sketch: counts are exact up to 768 distinct URLs (or hosts) per
   * window, and the sketch never grows past this.
   */
  public static final int DEFAULT_SKETCH_MAP_SIZE = 1024;

  private final WindowSpec window;
  private final TriggerSpec trigger;
  private final int topN;
  private final int mapSize;

  private TrafficFigures(WindowSpec window, TriggerSpec trigger, int topN, int mapSize) {
    this.window = window;
    this.trigger = trigger;
    this.topN = topN;
    this.mapSize = mapSize;
  }

  /** Figures per window of {@code window}, one accumulating pane at the watermark. */
  public static TrafficFigures of(WindowSpec window) {
    if (window == null) {
      throw new IllegalArgumentException("a window spec is required, found null");
    }
    return new TrafficFigures(
        window, TriggerSpec.atWatermark().accumulating(), DEFAULT_TOP_N, DEFAULT_SKETCH_MAP_SIZE);
  }

  /** A copy firing as {@code trigger} says. */
  public TrafficFigures withTrigger(TriggerSpec trigger) {
    if (trigger == null) {
      throw new IllegalArgumentException("a trigger spec is required, found null");
    }
    return new TrafficFigures(window, trigger, topN, mapSize);
  }

  /** A copy listing the top {@code n} URLs and hosts (1 or more). */
  public TrafficFigures withTopN(int n) {
    if (n < 1) {
      throw new IllegalArgumentException("top-N must be >= 1, found " + n);
    }
    return new TrafficFigures(window, trigger, n, mapSize);
  }

  /** A copy whose sketches have {@code size} entries (a power of 2, at least 8). */
  public TrafficFigures withSketchMapSize(int size) {
    return new TrafficFigures(window, trigger, topN, TrafficCounts.checkMapSize(size));
  }

  @Override
  public Result expand(PCollection<KV<String, LogRequest>> input) {
    HostBucketWindows.Routed windowed =
        HostBucketWindows.apply(input, "TrafficWindows", window, trigger);
    PCollection<TrafficWindow> windows =
        windowed.onTime
            .apply("Requests", Values.create())
            .apply(
                "TrafficCounts",
                Combine.globally(TrafficCounts.combineFn(mapSize)).withoutDefaults())
            .apply("ToTrafficWindows", ParDo.of(new ToWindowFn(topN)))
            .setCoder(TrafficWindowCoder.of());
    return new Result(windows, windowed.tooLate);
  }

  /** The window figures, and the requests too late for every window. */
  public static final class Result
      extends TwoOutputs<TrafficWindow, LateElement<String, LogRequest>> {
    private static final TupleTag<TrafficWindow> WINDOWS = new TupleTag<>("windows");
    private static final TupleTag<LateElement<String, LogRequest>> TOO_LATE =
        new TupleTag<>("tooLate");

    Result(PCollection<TrafficWindow> windows, PCollection<LateElement<String, LogRequest>> late) {
      super(WINDOWS, windows, TOO_LATE, late);
    }

    public PCollection<TrafficWindow> windows() {
      return first();
    }

    public PCollection<LateElement<String, LogRequest>> tooLate() {
      return second();
    }
  }

  private static final class ToWindowFn extends DoFn<TrafficCounts, TrafficWindow> {
    private final int topN;

    ToWindowFn(int topN) {
      this.topN = topN;
    }

    @ProcessElement
    public void processElement(
        @Element TrafficCounts counts,
        BoundedWindow window,
        PaneInfo pane,
        OutputReceiver<TrafficWindow> out) {
      if (counts.requests() == 0) {
        // The Flink runner's empty extra pane (see HostSessions): nothing to report.
        return;
      }
      IntervalWindow interval = (IntervalWindow) window;
      out.output(
          new TrafficWindow(
              interval.start(),
              interval.end(),
              PaneTiming.of(pane),
              pane.getIndex(),
              pane.isLast(),
              counts.requests(),
              counts.bytes(),
              counts.errors(),
              counts.topUrls(topN),
              counts.topHosts(topN)));
    }
  }
}
