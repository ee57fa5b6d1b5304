package dev.streamml.anomaly;

import static dev.streamml.anomaly.AnomalyDetectionReference.ofKey;
import static dev.streamml.anomaly.AnomalyDetectionReference.rekeyed;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.is;

import dev.streamml.anomaly.AnomalyDetectionReference.EwmaDetector;
import dev.streamml.anomaly.AnomalyDetectionReference.KeyModel;
import dev.streamml.anomaly.threshold.FixedThreshold;
import dev.streamml.anomaly.threshold.OnlineQuantileThreshold;
import dev.streamml.anomaly.threshold.Threshold;
import dev.streamml.events.Event;
import dev.streamml.events.EventCoder;
import dev.streamml.testing.RunnerUnderTest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.metrics.MetricNameFilter;
import org.apache.beam.sdk.metrics.MetricResult;
import org.apache.beam.sdk.metrics.MetricsFilter;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.testing.TestStream;
import org.apache.beam.sdk.transforms.Combine;
import org.apache.beam.sdk.transforms.Count;
import org.apache.beam.sdk.transforms.windowing.FixedWindows;
import org.apache.beam.sdk.transforms.windowing.GlobalWindow;
import org.apache.beam.sdk.transforms.windowing.IntervalWindow;
import org.apache.beam.sdk.transforms.windowing.Window;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TimestampedValue;
import org.joda.time.Duration;
import org.joda.time.Instant;
import org.junit.Rule;
import org.junit.Test;

/**
 * The TestStream scenarios of {@link AnomalyDetection}, run on every runner by one small subclass
 * per runner ({@link AnomalyDetectionDirectTest}, {@link AnomalyDetectionFlinkTest}). No scenario
 * advances processing time, so none is skipped on Flink.
 *
 * <p>Every expectation comes from {@link AnomalyDetectionReference}, a plain loop over each key's
 * events sorted by event time, and results are compared exactly (scores bit for bit). Both runners
 * meeting the same expectation is what shows they give identical results for the same stream.
 *
 * <p>Scenarios use {@link EwmaDetector} (warm after {@value #MIN_POINTS} points unless said
 * otherwise), whose scores depend on the order points were learned in, with the threshold {@value
 * #THRESHOLD} (a deviation of 9 from the running mean).
 */
public abstract class AnomalyDetectionScenarios {
  private static final Instant BASE = Instant.parse("2025-01-01T00:00:00Z");
  private static final int MIN_POINTS = 3;
  private static final double THRESHOLD = 0.9;

  /** Minute and value of a short series with two outliers and a tie at minute 6. */
  private static final double[][] SERIES = {
    {1, 10}, {2, 11}, {3, 10}, {4, 12}, {5, 30}, {6, 11}, {6, 25}, {7, 10}, {8, 11}, {9, 50},
    {10, 12}, {11, 11}, {12, 10}
  };

  @Rule public final transient TestPipeline pipeline;

  protected AnomalyDetectionScenarios(RunnerUnderTest runner) {
    this.pipeline = runner.newPipeline();
  }

  /**
   * Key "sorted" gets the series in order; key "shuffled" the same events shuffled within what the
   * watermark allows, the last event first, and the two events at minute 6 in the other order.
   */
  @Test
  public void shuffledArrivalGivesTheSameResultsAsSortedArrival() {
    List<TimestampedValue<Event>> sorted = series("sorted");
    List<TimestampedValue<Event>> shuffled = series("shuffled");
    TestStream<Event> stream =
        add(events(), concat(pick(sorted, 0, 1, 2, 3), pick(shuffled, 2, 12, 0, 3, 1)))
            .advanceWatermarkTo(at(seconds(4 * 60 + 30)))
            .addElements(sorted.get(4), rest(sorted, 5, 6, 7, 8))
            .addElements(shuffled.get(6), rest(shuffled, 8, 4, 7, 5))
            .advanceWatermarkTo(at(seconds(8 * 60 + 30)))
            .addElements(sorted.get(9), rest(sorted, 10, 11, 12))
            .addElements(shuffled.get(11), rest(shuffled, 9, 10))
            .advanceWatermarkToInfinity();

    PCollection<AnomalyResult> results = pipeline.apply(stream).apply(detection());

    List<AnomalyResult> expected = reference().expected(concat(sorted, shuffled));
    assertThat(
        ofKey(expected, "shuffled"), equalTo(rekeyed(ofKey(expected, "sorted"), "shuffled")));
    assertThat(labels(ofKey(expected, "sorted")), hasOutliers(7));
    PAssert.that(results).containsInAnyOrder(expected);
    PipelineResult result = run();
    assertThat(counter(result, AnomalyDetection.SCORED), is(26L));
    assertThat(counter(result, AnomalyDetection.LATE_EVENTS), is(0L));
  }

  /**
   * Key "prefix" gets the events up to minute 6, key "full" all of them, the later ones arriving
   * first: the results of the prefix are those of the full series' first events.
   */
  @Test
  public void scoresOfEarlierEventsDoNotDependOnLaterEvents() {
    List<TimestampedValue<Event>> full = series("full");
    List<TimestampedValue<Event>> prefix = series("prefix").subList(0, 7);
    TestStream<Event> stream =
        add(events(), concat(reversed(full), pick(prefix, 3, 0, 6, 2, 5, 1, 4)))
            .advanceWatermarkTo(at(seconds(6 * 60 + 30)))
            .advanceWatermarkToInfinity();

    PCollection<AnomalyResult> results = pipeline.apply(stream).apply(detection());

    List<AnomalyResult> expected = reference().expected(concat(full, prefix));
    assertThat(
        ofKey(expected, "prefix"),
        equalTo(rekeyed(ofKey(expected, "full").subList(0, 7), "prefix")));
    PAssert.that(results).containsInAnyOrder(expected);
    run();
  }

  /**
   * Four keys of 30 events, shuffled across keys within each minute and partly sent a minute early,
   * the watermark moving to the exact start of the next minute: with a fixed threshold and with an
   * online quantile threshold learning per key.
   */
  @Test
  public void manyKeysArrivingShuffledMatchTheSortedLoop() {
    Random random = new Random(20250101L);
    List<TimestampedValue<Event>> all = new ArrayList<>();
    List<List<TimestampedValue<Event>>> minutes = new ArrayList<>();
    for (int minute = 0; minute < 5; minute++) {
      minutes.add(new ArrayList<>());
    }
    for (int key = 0; key < 4; key++) {
      for (int i = 0; i < 30; i++) {
        double value = 20 + 2 * random.nextGaussian() + (i % 9 == 8 ? 15 : 0);
        TimestampedValue<Event> event = event("k" + key, seconds(10 * i), value);
        all.add(event);
        // Every fifth event of the next minute arrives with this minute's events.
        int minute = i / 6;
        minutes.get(i % 5 == 0 && minute > 0 ? minute - 1 : minute).add(event);
      }
    }
    TestStream.Builder<Event> stream = events();
    for (int minute = 0; minute < 5; minute++) {
      List<TimestampedValue<Event>> arriving = new ArrayList<>(minutes.get(minute));
      Collections.shuffle(arriving, random);
      stream = add(stream, arriving).advanceWatermarkTo(at(seconds(60 * (minute + 1))));
    }

    PCollection<Event> input = pipeline.apply(stream.advanceWatermarkToInfinity());
    Threshold adaptive = OnlineQuantileThreshold.of(0.8).withWindow(8).withMinScores(4);
    PCollection<AnomalyResult> fixed = input.apply("Fixed", detection());
    PCollection<AnomalyResult> learning =
        input.apply("Adaptive", detection().withThreshold(adaptive));

    List<AnomalyResult> expectedFixed = reference().expected(all);
    List<AnomalyResult> expectedAdaptive =
        new AnomalyDetectionReference(new EwmaDetector(MIN_POINTS), adaptive, hours(24))
            .expected(all);
    assertThat(labels(expectedFixed), hasOutliers(16));
    assertThat(expectedAdaptive.equals(expectedFixed), is(false));
    PAssert.that(fixed).containsInAnyOrder(expectedFixed);
    PAssert.that(learning).containsInAnyOrder(expectedAdaptive);
    run();
  }

  /**
   * Idle timeout 10 minutes. Key "a" pauses 25 minutes while the watermark passes its deadline; key
   * "b" pauses exactly 10 minutes between events that are released together; key "c" never pauses
   * that long.
   */
  @Test
  public void keyReturningAfterTheIdleTimeoutStartsAgainInWarmup() {
    List<TimestampedValue<Event>> first =
        Arrays.asList(
            event("a", minutes(1), 10),
            event("a", minutes(2), 11),
            event("a", minutes(3), 10),
            event("a", minutes(4), 12),
            event("a", minutes(5), 11),
            event("b", minutes(1), 10),
            event("b", minutes(5), 11),
            event("b", minutes(15), 12),
            event("b", minutes(16), 11),
            event("c", minutes(1), 10),
            event("c", minutes(9), 11),
            event("c", minutes(18), 12),
            event("c", minutes(27), 11));
    List<TimestampedValue<Event>> returning =
        Arrays.asList(
            event("a", minutes(30), 10),
            event("a", minutes(31), 11),
            event("a", minutes(32), 10),
            event("a", minutes(33), 12));
    TestStream<Event> stream =
        add(add(events(), first).advanceWatermarkTo(at(minutes(20))), returning)
            .advanceWatermarkTo(at(minutes(40)))
            .advanceWatermarkToInfinity();

    Duration idle = minutes(10);
    PCollection<AnomalyResult> results =
        pipeline.apply(stream).apply(detection().withIdleTimeout(idle));

    List<AnomalyResult> expected =
        new AnomalyDetectionReference(new EwmaDetector(MIN_POINTS), threshold(), idle)
            .expected(concat(first, returning));
    assertThat(
        labels(ofKey(expected, "a")),
        contains(
            AnomalyLabel.WARMUP,
            AnomalyLabel.WARMUP,
            AnomalyLabel.WARMUP,
            AnomalyLabel.NORMAL,
            AnomalyLabel.NORMAL,
            AnomalyLabel.WARMUP,
            AnomalyLabel.WARMUP,
            AnomalyLabel.WARMUP,
            AnomalyLabel.NORMAL));
    assertThat(versions(ofKey(expected, "a")), contains(0L, 1L, 2L, 3L, 4L, 0L, 1L, 2L, 3L));
    assertThat(versions(ofKey(expected, "b")), contains(0L, 1L, 0L, 1L));
    assertThat(versions(ofKey(expected, "c")), contains(0L, 1L, 2L, 3L));
    PAssert.that(results).containsInAnyOrder(expected);
    // a: after its pause and at the end; b: at minute 15 and at the end; c: at the end.
    assertThat(counter(run(), AnomalyDetection.STATE_CLEARED), is(5L));
  }

  @Test
  public void labelsAreWarmupUntilTheDetectorIsWarm() {
    double[] values = {10, 30, 10, 10, 10, 10, 30};
    List<TimestampedValue<Event>> series = new ArrayList<>();
    for (int i = 0; i < values.length; i++) {
      series.add(event("w", minutes(i + 1), values[i]));
    }
    TestStream<Event> stream = add(events(), reversed(series)).advanceWatermarkToInfinity();

    PCollection<AnomalyResult> results = pipeline.apply(stream).apply(detection());

    List<AnomalyResult> expected = reference().expected(series);
    // The second and third points score above the threshold, but the detector is not warm yet.
    assertThat(
        expected.get(1).score() >= THRESHOLD && expected.get(2).score() >= THRESHOLD, is(true));
    assertThat(
        labels(expected),
        contains(
            AnomalyLabel.WARMUP,
            AnomalyLabel.WARMUP,
            AnomalyLabel.WARMUP,
            AnomalyLabel.NORMAL,
            AnomalyLabel.NORMAL,
            AnomalyLabel.NORMAL,
            AnomalyLabel.OUTLIER));
    PAssert.that(results).containsInAnyOrder(expected);
    PipelineResult result = run();
    assertThat(counter(result, AnomalyDetection.WARMUP), is(3L));
    assertThat(counter(result, AnomalyDetection.OUTLIERS), is(1L));
    assertThat(counter(result, AnomalyDetection.SCORED), is(7L));
  }

  /**
   * After key "a" learned minutes 1 to 6 and the watermark passed minute 10, events at 3m30s and at
   * 6m are late: scored by the current model, flagged and not learned. An event at 8m is behind the
   * watermark but after the key's last learned event, and so is the first event of key "c": both
   * are scored in order. The late events and the one at 8m arrive together, so that no runner
   * learns the one at 8m before scoring the late ones.
   */
  @Test
  public void lateEventIsScoredByTheCurrentModelFlaggedAndNotLearned() {
    List<TimestampedValue<Event>> onTime = new ArrayList<>();
    double[] values = {10, 11, 10, 12, 11, 10};
    for (int i = 0; i < values.length; i++) {
      onTime.add(event("a", minutes(i + 1), values[i]));
    }
    TimestampedValue<Event> lateOne = event("a", seconds(3 * 60 + 30), 40);
    TimestampedValue<Event> lateTie = event("a", minutes(6), 25);
    TimestampedValue<Event> behindWatermark = event("a", minutes(8), 11);
    TimestampedValue<Event> newKey = event("c", minutes(5), 10);
    List<TimestampedValue<Event>> after =
        Arrays.asList(event("a", minutes(12), 10), event("a", minutes(13), 30));
    TestStream<Event> stream =
        add(events(), onTime)
            .advanceWatermarkTo(at(minutes(10)))
            .addElements(lateOne, lateTie, behindWatermark, newKey)
            .advanceWatermarkTo(at(minutes(11)))
            .addElements(after.get(0), after.get(1))
            .advanceWatermarkToInfinity();

    PCollection<AnomalyResult> results = pipeline.apply(stream).apply(detection());

    AnomalyDetectionReference reference = reference();
    List<AnomalyResult> expected = new ArrayList<>();
    KeyModel a = reference.newKey();
    for (TimestampedValue<Event> event : onTime) {
      expected.add(a.scoreAndLearn(event));
    }
    AnomalyResult lateResult = a.scoreLate(lateOne);
    expected.add(lateResult);
    expected.add(a.scoreLate(lateTie));
    expected.add(a.scoreAndLearn(behindWatermark));
    expected.add(a.scoreAndLearn(after.get(0)));
    expected.add(a.scoreAndLearn(after.get(1)));
    expected.add(reference.newKey().scoreAndLearn(newKey));
    assertThat(lateResult.isLate() && lateResult.modelVersion() == 6, is(true));
    assertThat(lateResult.label(), is(AnomalyLabel.OUTLIER));
    assertThat(
        versions(ofKey(expected, "a")), contains(0L, 1L, 2L, 3L, 4L, 5L, 6L, 6L, 6L, 7L, 8L));
    PAssert.that(results).containsInAnyOrder(expected);
    PipelineResult result = run();
    assertThat(counter(result, AnomalyDetection.LATE_EVENTS), is(2L));
    assertThat(counter(result, AnomalyDetection.SCORED), is(12L));
  }

  /**
   * Results are output at their events' timestamps with the watermark held for waiting events, so
   * windows downstream (allowed lateness zero) count every result in their on-time pane. The event
   * at minute 12 arrives first and waits while the watermark passes the others.
   */
  @Test
  public void resultsAreOnTimeInWindowsDownstream() {
    List<TimestampedValue<Event>> series = series("a");
    TestStream<Event> stream =
        add(events(), pick(series, 2, 12, 0, 3, 1))
            .advanceWatermarkTo(at(seconds(4 * 60 + 30)))
            .addElements(series.get(6), rest(series, 8, 4, 7, 5))
            .advanceWatermarkTo(at(seconds(8 * 60 + 30)))
            .addElements(series.get(11), rest(series, 9, 10))
            .advanceWatermarkToInfinity();

    PCollection<Long> perWindow =
        pipeline
            .apply(stream)
            .apply(detection())
            .apply(Window.into(FixedWindows.of(minutes(5))))
            .apply(Combine.globally(Count.<AnomalyResult>combineFn()).withoutDefaults());

    PAssert.that(perWindow).inOnTimePane(window(minutes(0), minutes(5))).containsInAnyOrder(4L);
    PAssert.that(perWindow).inOnTimePane(window(minutes(5), minutes(10))).containsInAnyOrder(6L);
    PAssert.that(perWindow).inOnTimePane(window(minutes(10), minutes(15))).containsInAnyOrder(3L);
    PAssert.that(perWindow).containsInAnyOrder(4L, 6L, 3L);
    run();
  }

  /** Input in fixed windows: one model per key across windows, results in the global window. */
  @Test
  public void windowedInputIsScoredAcrossWindowsInTheGlobalWindow() {
    List<TimestampedValue<Event>> series = series("a");
    TestStream<Event> stream =
        add(events(), pick(series, 1, 0, 3, 2, 4, 6, 5))
            .advanceWatermarkTo(at(seconds(6 * 60 + 30)))
            .addElements(series.get(12), rest(series, 8, 7, 11, 9, 10))
            .advanceWatermarkToInfinity();

    PCollection<AnomalyResult> results =
        pipeline.apply(stream).apply(Window.into(FixedWindows.of(minutes(5)))).apply(detection());

    PAssert.that(results)
        .inWindow(GlobalWindow.INSTANCE)
        .containsInAnyOrder(reference().expected(series));
    run();
  }

  // ---------------------------------------------------------------------------------------------

  private static AnomalyDetection detection() {
    return AnomalyDetection.of(new EwmaDetector(MIN_POINTS)).withThreshold(THRESHOLD);
  }

  private static AnomalyDetectionReference reference() {
    return new AnomalyDetectionReference(
        new EwmaDetector(MIN_POINTS), threshold(), AnomalyDetection.DEFAULT_IDLE_TIMEOUT);
  }

  private static Threshold threshold() {
    return FixedThreshold.of(THRESHOLD);
  }

  private PipelineResult run() {
    PipelineResult result = pipeline.run();
    result.waitUntilFinish();
    return result;
  }

  private static TestStream.Builder<Event> events() {
    return TestStream.create(EventCoder.of()).advanceWatermarkTo(BASE);
  }

  private static TestStream.Builder<Event> add(
      TestStream.Builder<Event> stream, List<TimestampedValue<Event>> events) {
    return stream.addElements(
        events.get(0), events.subList(1, events.size()).toArray(new TimestampedValue[0]));
  }

  private static List<TimestampedValue<Event>> series(String key) {
    List<TimestampedValue<Event>> series = new ArrayList<>();
    for (double[] point : SERIES) {
      series.add(event(key, minutes((long) point[0]), point[1]));
    }
    return series;
  }

  private static List<TimestampedValue<Event>> pick(
      List<TimestampedValue<Event>> events, int... indexes) {
    List<TimestampedValue<Event>> picked = new ArrayList<>();
    for (int index : indexes) {
      picked.add(events.get(index));
    }
    return picked;
  }

  @SuppressWarnings("unchecked")
  private static TimestampedValue<Event>[] rest(
      List<TimestampedValue<Event>> events, int... indexes) {
    return pick(events, indexes).toArray(new TimestampedValue[0]);
  }

  private static List<TimestampedValue<Event>> reversed(List<TimestampedValue<Event>> events) {
    List<TimestampedValue<Event>> reversed = new ArrayList<>(events);
    Collections.reverse(reversed);
    return reversed;
  }

  @SafeVarargs
  private static List<TimestampedValue<Event>> concat(List<TimestampedValue<Event>>... lists) {
    List<TimestampedValue<Event>> all = new ArrayList<>();
    for (List<TimestampedValue<Event>> list : lists) {
      all.addAll(list);
    }
    return all;
  }

  private static TimestampedValue<Event> event(String key, Duration sinceBase, double value) {
    Instant timestamp = at(sinceBase);
    return TimestampedValue.of(Event.of(key, timestamp, value), timestamp);
  }

  private static List<AnomalyLabel> labels(List<AnomalyResult> results) {
    List<AnomalyLabel> labels = new ArrayList<>();
    for (AnomalyResult result : results) {
      labels.add(result.label());
    }
    return labels;
  }

  private static List<Long> versions(List<AnomalyResult> results) {
    List<Long> versions = new ArrayList<>();
    for (AnomalyResult result : results) {
      versions.add(result.modelVersion());
    }
    return versions;
  }

  private static org.hamcrest.Matcher<List<AnomalyLabel>> hasOutliers(int count) {
    return new org.hamcrest.TypeSafeMatcher<List<AnomalyLabel>>() {
      @Override
      protected boolean matchesSafely(List<AnomalyLabel> labels) {
        return Collections.frequency(labels, AnomalyLabel.OUTLIER) == count;
      }

      @Override
      public void describeTo(org.hamcrest.Description description) {
        description.appendText(count + " outliers");
      }
    };
  }

  private static long counter(PipelineResult result, String name) {
    MetricsFilter filter =
        MetricsFilter.builder()
            .addNameFilter(MetricNameFilter.named(AnomalyDetection.METRIC_NAMESPACE, name))
            .build();
    long count = 0;
    for (MetricResult<Long> counter : result.metrics().queryMetrics(filter).getCounters()) {
      count += counter.getAttempted();
    }
    return count;
  }

  private static Instant at(Duration sinceBase) {
    return BASE.plus(sinceBase);
  }

  private static IntervalWindow window(Duration start, Duration end) {
    return new IntervalWindow(at(start), at(end));
  }

  private static Duration seconds(long seconds) {
    return Duration.standardSeconds(seconds);
  }

  private static Duration minutes(long minutes) {
    return Duration.standardMinutes(minutes);
  }

  private static Duration hours(long hours) {
    return Duration.standardHours(hours);
  }
}
