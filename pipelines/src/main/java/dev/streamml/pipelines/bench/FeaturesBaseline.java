package dev.streamml.pipelines.bench;

import dev.streamml.events.Event;
import dev.streamml.events.EventParser;
import dev.streamml.features.PaneTiming;
import dev.streamml.features.WindowFeatures;
import dev.streamml.pipelines.features.FeaturesPipeline;
import dev.streamml.pipelines.json.JsonRecords;
import dev.streamml.pipelines.options.PipelineSettings;
import dev.streamml.windowing.WindowSpec;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;
import org.apache.beam.sdk.transforms.windowing.FixedWindows;
import org.apache.datasketches.kll.KllDoublesSketch;
import org.apache.datasketches.quantilescommon.QuantileSearchCriteria;
import org.joda.time.Instant;

/**
 * The features pipeline's work as a plain loop, for fixed windows: per key and window the same
 * figures (count, sum, Welford mean and variance, min, max, KLL p50/p90/p99 with k = 200, first and
 * last, rate), emitted as the same JSON ({@link JsonRecords#features}) once the watermark (the
 * smallest over partitions of the largest event time seen, minus {@code
 * --maxOutOfOrderness}) passes the window's end, and the rest
 * when the input is consumed. Events behind an emitted window would go to the late topic; benchmark
 * input has none.
 *
 * <pre>{@code
 * FeaturesPipeline.Options options = FeaturesPipeline.options(args);  // --window=fixed:1m
 * long windows = FeaturesBaseline.of(options).runToEnd();
 * }</pre>
 */
public final class FeaturesBaseline extends BaselineLoop {
  private static final int SKETCH_K = 200;

  private final String featureName;
  private final long sizeMillis;
  private final long outOfOrdernessMillis;
  private final String outputTopic;
  private final String lateTopic;
  /** Window start to key to running figures; fixed windows share their bounds across keys. */
  private final TreeMap<Long, Map<String, Acc>> windows = new TreeMap<>();
  private long emittedUpTo = Long.MIN_VALUE;

  private FeaturesBaseline(FeaturesPipeline.Options options) {
    super(
        options.getBootstrapServers(),
        options.getInputTopic(),
        options.getDeadLetterTopic(),
        EventParser.of(PipelineSettings.eventFormat(options)));
    WindowSpec spec = PipelineSettings.window(options);
    if (spec.kind() != WindowSpec.Kind.FIXED) {
      throw new IllegalArgumentException(
          "invalid --window: the features baseline handles fixed windows only, found " + spec);
    }
    this.featureName = options.getValueField();
    this.sizeMillis = ((FixedWindows) spec.toWindowFn()).getSize().getMillis();
    this.outOfOrdernessMillis =
        PipelineSettings.duration("--maxOutOfOrderness", options.getMaxOutOfOrderness()).getMillis();
    this.outputTopic = options.getOutputTopic();
    this.lateTopic = options.getLateTopic();
  }

  public static FeaturesBaseline of(FeaturesPipeline.Options options) {
    return new FeaturesBaseline(options);
  }

  /** Runs over the input topic as it is now; returns the number of records written. */
  public long runToEnd() {
    return run();
  }

  @Override
  void onEvent(Event event) {
    long millis = event.getTimestamp().getMillis();
    long start = Math.floorDiv(millis, sizeMillis) * sizeMillis;
    if (start + sizeMillis <= emittedUpTo) {
      write(lateTopic, event.getKey(), "{\"key\":\"" + event.getKey() + "\",\"late\":true}");
      return;
    }
    windows
        .computeIfAbsent(start, s -> new HashMap<>())
        .computeIfAbsent(event.getKey(), k -> new Acc())
        .add(event.feature(featureName), millis);
  }

  @Override
  void afterBatch() {
    long max = maxEventTimeAllPartitions();
    if (max != Long.MIN_VALUE && max != Long.MAX_VALUE) {
      emitUpTo(max - outOfOrdernessMillis);
    }
  }

  @Override
  void finish() {
    emitUpTo(Long.MAX_VALUE - sizeMillis);
  }

  /** Emits every window whose end is at or before {@code watermark} + 1 ms. */
  private void emitUpTo(long watermark) {
    for (Iterator<Map.Entry<Long, Map<String, Acc>>> it = windows.entrySet().iterator();
        it.hasNext(); ) {
      Map.Entry<Long, Map<String, Acc>> window = it.next();
      long end = window.getKey() + sizeMillis;
      if (end - 1 > watermark) {
        break;
      }
      for (Map.Entry<String, Acc> key : window.getValue().entrySet()) {
        WindowFeatures features = key.getValue().toFeatures(key.getKey(), window.getKey(), end);
        write(outputTopic, key.getKey(), JsonRecords.features(features));
      }
      emittedUpTo = Math.max(emittedUpTo, end);
      it.remove();
    }
  }

  /** Running figures of one key and window, as the pipeline's combiner keeps them. */
  private final class Acc {
    long count;
    double sum;
    double mean;
    double m2;
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;
    long firstMillis;
    double firstValue;
    long lastMillis;
    double lastValue;
    final KllDoublesSketch sketch = KllDoublesSketch.newHeapInstance(SKETCH_K);

    void add(double value, long millis) {
      count++;
      sum += value;
      double delta = value - mean;
      mean += delta / count;
      m2 += delta * (value - mean);
      min = Math.min(min, value);
      max = Math.max(max, value);
      sketch.update(value);
      if (count == 1 || millis < firstMillis) {
        firstMillis = millis;
        firstValue = value;
      }
      if (count == 1 || millis > lastMillis) {
        lastMillis = millis;
        lastValue = value;
      }
    }

    WindowFeatures toFeatures(String key, long start, long end) {
      double variance = count < 2 ? Double.NaN : Math.max(0.0, m2) / (count - 1);
      double[] quantiles =
          sketch.getQuantiles(new double[] {0.5, 0.9, 0.99}, QuantileSearchCriteria.INCLUSIVE);
      return WindowFeatures.builder(key, featureName, new Instant(start), new Instant(end))
          .count(count)
          .sum(sum)
          .mean(mean)
          .variance(variance)
          .min(min)
          .max(max)
          .p50(quantiles[0])
          .p90(quantiles[1])
          .p99(quantiles[2])
          .first(firstValue, new Instant(firstMillis))
          .last(lastValue, new Instant(lastMillis))
          .rate(count / ((end - start) / 1000.0))
          .pane(PaneTiming.ON_TIME, 0, true)
          .build();
    }
  }
}
