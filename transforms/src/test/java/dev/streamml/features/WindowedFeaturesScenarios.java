package dev.streamml.features;

import static dev.streamml.features.ExpectedPanes.globalPane;
import static dev.streamml.features.ExpectedPanes.pane;
import static dev.streamml.features.PaneTiming.EARLY;
import static dev.streamml.features.PaneTiming.LATE;
import static dev.streamml.features.PaneTiming.ON_TIME;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

import dev.streamml.events.Event;
import dev.streamml.events.EventCoder;
import dev.streamml.features.ReferenceStats.Point;
import dev.streamml.testing.RunnerUnderTest;
import dev.streamml.windowing.LateElement;
import dev.streamml.windowing.TriggerSpec;
import dev.streamml.windowing.WindowSpec;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.coders.DoubleCoder;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.metrics.MetricNameFilter;
import org.apache.beam.sdk.metrics.MetricQueryResults;
import org.apache.beam.sdk.metrics.MetricResult;
import org.apache.beam.sdk.metrics.MetricsFilter;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.testing.TestStream;
import org.apache.beam.sdk.transforms.SerializableFunction;
import org.apache.beam.sdk.transforms.windowing.AfterPane;
import org.apache.beam.sdk.transforms.windowing.AfterProcessingTime;
import org.apache.beam.sdk.transforms.windowing.AfterWatermark;
import org.apache.beam.sdk.transforms.windowing.FixedWindows;
import org.apache.beam.sdk.transforms.windowing.GlobalWindows;
import org.apache.beam.sdk.transforms.windowing.Repeatedly;
import org.apache.beam.sdk.transforms.windowing.Sessions;
import org.apache.beam.sdk.transforms.windowing.Window;
import org.apache.beam.sdk.transforms.windowing.Window.OnTimeBehavior;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TimestampedValue;
import org.joda.time.Duration;
import org.joda.time.Instant;
import org.junit.Rule;
import org.junit.Test;

/**
 * The TestStream scenarios of {@link WindowedFeatures}, run on every runner by one subclass per
 * {@link RunnerUnderTest}. Expected figures are recomputed from the input values by {@link
 * ReferenceStats}. Scenarios that advance processing time (early panes) skip on Flink, whose
 * TestStream cannot.
 */
public abstract class WindowedFeaturesScenarios {
  private static final Instant T0 = Instant.parse("2024-01-01T00:00:00Z");
  private static final Duration MINUTE = Duration.standardMinutes(1);
  private static final KvCoder<String, Double> KV_CODER =
      KvCoder.of(StringUtf8Coder.of(), DoubleCoder.of());

  @Rule public final transient TestPipeline pipeline;

  /**
   * For scenarios whose outcome depends on the order of elements and watermarks after the source:
   * late data, and count triggers over several batches. With parallel subtasks Flink delivers the
   * source's output to a keyed step over several channels, and an element can overtake the
   * watermark of another channel (Beam issues 20843, 20844): one subtask keeps the order.
   */
  @Rule public final transient TestPipeline orderedPipeline;

  private final RunnerUnderTest runner;

  protected WindowedFeaturesScenarios(RunnerUnderTest runner) {
    this.runner = runner;
    this.pipeline = runner.newPipeline();
    this.orderedPipeline = runner.newPipeline("--parallelism=1");
  }

  private static Instant at(long seconds) {
    return T0.plus(Duration.standardSeconds(seconds));
  }

  private static Instant atMillis(long millis) {
    return T0.plus(Duration.millis(millis));
  }

  private static TimestampedValue<KV<String, Double>> kv(String key, Instant time, double value) {
    return TimestampedValue.of(KV.of(key, value), time);
  }

  private static Point p(TimestampedValue<KV<String, Double>> element) {
    return new Point(element.getTimestamp().getMillis(), element.getValue().getValue());
  }

  private static Point[] points(List<TimestampedValue<KV<String, Double>>> elements) {
    return elements.stream().map(WindowedFeaturesScenarios::p).toArray(Point[]::new);
  }

  @SafeVarargs
  private static List<TimestampedValue<KV<String, Double>>> list(
      TimestampedValue<KV<String, Double>>... elements) {
    List<TimestampedValue<KV<String, Double>>> list = new ArrayList<>();
    for (TimestampedValue<KV<String, Double>> e : elements) {
      list.add(e);
    }
    return list;
  }

  private static Window<KV<String, Double>> fixedMinutes() {
    return Window.into(FixedWindows.of(MINUTE));
  }

  @Test
  public void onTimePanesSummariseEachKeyAndWindow() {
    TimestampedValue<KV<String, Double>> a1 = kv("a", at(10), 5.0);
    TimestampedValue<KV<String, Double>> a2 = kv("a", at(10), 3.0); // ties a1: first is 3.0
    TimestampedValue<KV<String, Double>> a3 = kv("a", at(50), 7.0);
    TimestampedValue<KV<String, Double>> a4 = kv("a", at(50), 9.0); // ties a3: last is 9.0
    TimestampedValue<KV<String, Double>> a5 = kv("a", at(30), -2.0);
    TimestampedValue<KV<String, Double>> b1 = kv("b", at(20), 1.5);
    TimestampedValue<KV<String, Double>> b2 = kv("b", atMillis(59_999), 4.5);
    TimestampedValue<KV<String, Double>> aNext = kv("a", at(70), 100.0);
    TestStream<KV<String, Double>> stream =
        TestStream.create(KV_CODER)
            .advanceWatermarkTo(T0)
            .addElements(a1, b1, a3)
            .addElements(a4, a5, aNext, a2, b2)
            .advanceWatermarkTo(T0.plus(MINUTE.multipliedBy(2)))
            .advanceWatermarkToInfinity();

    WindowedFeatures.Result<Double> result =
        pipeline
            .apply(stream)
            .apply(fixedMinutes())
            .apply(WindowedFeatures.perKey().withFeatureName("latency"));

    Instant w1 = T0.plus(MINUTE);
    PAssert.that(result.features())
        .satisfies(
            ExpectedPanes.of(
                "latency",
                pane("a", T0, w1).is(ON_TIME, 0, true, points(list(a1, a2, a3, a4, a5))),
                pane("b", T0, w1).is(ON_TIME, 0, true, points(list(b1, b2))),
                pane("a", w1, w1.plus(MINUTE)).is(ON_TIME, 0, true, p(aNext))));
    PAssert.that(result.tooLate()).empty();
    PipelineResult run = pipeline.run();
    run.waitUntilFinish();

    assertThat(counter(run, WindowedFeatures.WINDOWS_EMITTED), is(3L));
  }

  @Test
  public void earlyPaneThenCumulativeOnTimePaneWhenAccumulating() {
    runner.assumeCanAdvanceProcessingTime();
    TimestampedValue<KV<String, Double>> e1 = kv("a", at(5), 1.0);
    TimestampedValue<KV<String, Double>> e2 = kv("a", at(15), 2.0);
    TimestampedValue<KV<String, Double>> e3 = kv("a", at(25), 4.0);
    TestStream<KV<String, Double>> stream = earlyThenOnTime(e1, e2, e3);

    PCollection<WindowFeatures> features =
        pipeline
            .apply(stream)
            .apply(
                fixedMinutes()
                    .triggering(earlyAfterTenSeconds())
                    .withAllowedLateness(Duration.ZERO)
                    .accumulatingFiredPanes())
            .apply(WindowedFeatures.perKey())
            .features();

    PAssert.that(features)
        .satisfies(
            ExpectedPanes.of(
                Event.VALUE,
                pane("a", T0, T0.plus(MINUTE)).is(EARLY, 0, false, p(e1), p(e2)),
                pane("a", T0, T0.plus(MINUTE)).is(ON_TIME, 1, true, p(e1), p(e2), p(e3))));
    pipeline.run();
  }

  @Test
  public void earlyPaneThenOnlyNewValuesOnTimeWhenDiscarding() {
    runner.assumeCanAdvanceProcessingTime();
    TimestampedValue<KV<String, Double>> e1 = kv("a", at(5), 1.0);
    TimestampedValue<KV<String, Double>> e2 = kv("a", at(15), 2.0);
    TimestampedValue<KV<String, Double>> e3 = kv("a", at(25), 4.0);
    TestStream<KV<String, Double>> stream = earlyThenOnTime(e1, e2, e3);

    PCollection<WindowFeatures> features =
        pipeline
            .apply(stream)
            .apply(
                fixedMinutes()
                    .triggering(earlyAfterTenSeconds())
                    .withAllowedLateness(Duration.ZERO)
                    .discardingFiredPanes())
            .apply(WindowedFeatures.perKey())
            .features();

    PAssert.that(features)
        .satisfies(
            ExpectedPanes.of(
                Event.VALUE,
                pane("a", T0, T0.plus(MINUTE)).is(EARLY, 0, false, p(e1), p(e2)),
                pane("a", T0, T0.plus(MINUTE)).is(ON_TIME, 1, true, p(e3))));
    pipeline.run();
  }

  /** e1 and e2, 20 s of processing time (an early pane), e3, then the end of the window. */
  private static TestStream<KV<String, Double>> earlyThenOnTime(
      TimestampedValue<KV<String, Double>> e1,
      TimestampedValue<KV<String, Double>> e2,
      TimestampedValue<KV<String, Double>> e3) {
    return TestStream.create(KV_CODER)
        .advanceWatermarkTo(T0)
        .addElements(e1, e2)
        .advanceProcessingTime(Duration.standardSeconds(20))
        .addElements(e3)
        .advanceWatermarkTo(T0.plus(MINUTE))
        .advanceWatermarkToInfinity();
  }

  private static AfterWatermark.AfterWatermarkEarlyAndLate earlyAfterTenSeconds() {
    return AfterWatermark.pastEndOfWindow()
        .withEarlyFirings(
            AfterProcessingTime.pastFirstElementInPane().plusDelayOf(Duration.standardSeconds(10)));
  }

  /** e1 and e2, 20 s of processing time (an early pane), then the end of the window. */
  private static TestStream<KV<String, Double>> earlyPaneTakesEverything(
      TimestampedValue<KV<String, Double>> e1, TimestampedValue<KV<String, Double>> e2) {
    return TestStream.create(KV_CODER)
        .advanceWatermarkTo(T0)
        .addElements(e1, e2)
        .advanceProcessingTime(Duration.standardSeconds(20))
        .advanceWatermarkTo(T0.plus(MINUTE))
        .advanceWatermarkToInfinity();
  }

  @Test
  public void emptyOnTimePaneAfterEarlyPaneTookEverythingWhenDiscarding() {
    runner.assumeCanAdvanceProcessingTime();
    TimestampedValue<KV<String, Double>> e1 = kv("a", at(5), 1.0);
    TimestampedValue<KV<String, Double>> e2 = kv("a", at(15), 2.0);

    PCollection<WindowFeatures> features =
        pipeline
            .apply(earlyPaneTakesEverything(e1, e2))
            .apply(
                fixedMinutes()
                    .triggering(earlyAfterTenSeconds())
                    .withAllowedLateness(Duration.ZERO)
                    .withOnTimeBehavior(OnTimeBehavior.FIRE_ALWAYS)
                    .discardingFiredPanes())
            .apply(WindowedFeatures.perKey())
            .features();

    PAssert.that(features)
        .satisfies(
            ExpectedPanes.of(
                Event.VALUE,
                pane("a", T0, T0.plus(MINUTE)).is(EARLY, 0, false, p(e1), p(e2)),
                pane("a", T0, T0.plus(MINUTE)).is(ON_TIME, 1, true)));
    pipeline.run();
  }

  @Test
  public void noEmptyOnTimePaneWhenTheTransformWindowsWithEarlyFirings() {
    runner.assumeCanAdvanceProcessingTime();
    TimestampedValue<KV<String, Double>> e1 = kv("a", at(5), 1.0);
    TimestampedValue<KV<String, Double>> e2 = kv("a", at(15), 2.0);

    PCollection<WindowFeatures> features =
        pipeline
            .apply(earlyPaneTakesEverything(e1, e2))
            .apply(
                WindowedFeatures.perKey()
                    .windowedBy(
                        WindowSpec.parse("fixed:1m"), TriggerSpec.parse("early=10s,discarding")))
            .features();

    // TriggerSpec leaves out an on-time pane that would be empty
    // (OnTimeBehavior.FIRE_IF_NON_EMPTY).
    PAssert.that(features)
        .satisfies(
            ExpectedPanes.of(
                Event.VALUE, pane("a", T0, T0.plus(MINUTE)).is(EARLY, 0, false, p(e1), p(e2))));
    pipeline.run();
  }

  /**
   * e1, e2 on time; the watermark passes the window; e3 late but within the 5 minutes of lateness;
   * the window expires; e4 too late.
   */
  private static TestStream<KV<String, Double>> lateScenario(
      TimestampedValue<KV<String, Double>> e1,
      TimestampedValue<KV<String, Double>> e2,
      TimestampedValue<KV<String, Double>> e3,
      TimestampedValue<KV<String, Double>> e4) {
    return TestStream.create(KV_CODER)
        .advanceWatermarkTo(T0)
        .addElements(e1, e2)
        .advanceWatermarkTo(T0.plus(Duration.standardSeconds(90)))
        .addElements(e3)
        .advanceWatermarkTo(T0.plus(Duration.standardMinutes(10)))
        .addElements(e4)
        .advanceWatermarkToInfinity();
  }

  private static Window<KV<String, Double>> fixedMinutesWithLateFirings() {
    return fixedMinutes()
        .triggering(
            AfterWatermark.pastEndOfWindow().withLateFirings(AfterPane.elementCountAtLeast(1)))
        .withAllowedLateness(Duration.standardMinutes(5));
  }

  @Test
  public void latePaneWithinLatenessIsCumulativeWhenAccumulating() {
    TimestampedValue<KV<String, Double>> e1 = kv("a", at(10), 2.0);
    TimestampedValue<KV<String, Double>> e2 = kv("a", at(20), 4.0);
    TimestampedValue<KV<String, Double>> e3 = kv("a", at(40), 9.0);
    TimestampedValue<KV<String, Double>> e4 = kv("a", at(50), 1000.0);

    PCollection<WindowFeatures> features =
        orderedPipeline
            .apply(lateScenario(e1, e2, e3, e4))
            .apply(fixedMinutesWithLateFirings().accumulatingFiredPanes())
            .apply(WindowedFeatures.perKey())
            .features();

    PAssert.that(features)
        .satisfies(
            ExpectedPanes.of(
                Event.VALUE,
                pane("a", T0, T0.plus(MINUTE)).is(ON_TIME, 0, false, p(e1), p(e2)),
                pane("a", T0, T0.plus(MINUTE)).is(LATE, 1, false, p(e1), p(e2), p(e3))));
    orderedPipeline.run();
  }

  @Test
  public void latePaneWithinLatenessHoldsOnlyLateValuesWhenDiscarding() {
    TimestampedValue<KV<String, Double>> e1 = kv("a", at(10), 2.0);
    TimestampedValue<KV<String, Double>> e2 = kv("a", at(20), 4.0);
    TimestampedValue<KV<String, Double>> e3 = kv("a", at(40), 9.0);
    TimestampedValue<KV<String, Double>> e4 = kv("a", at(50), 1000.0);

    PCollection<WindowFeatures> features =
        orderedPipeline
            .apply(lateScenario(e1, e2, e3, e4))
            .apply(fixedMinutesWithLateFirings().discardingFiredPanes())
            .apply(WindowedFeatures.perKey())
            .features();

    PAssert.that(features)
        .satisfies(
            ExpectedPanes.of(
                Event.VALUE,
                pane("a", T0, T0.plus(MINUTE)).is(ON_TIME, 0, false, p(e1), p(e2)),
                pane("a", T0, T0.plus(MINUTE)).is(LATE, 1, false, p(e3))));
    orderedPipeline.run();
  }

  @Test
  public void tooLateValuesGoToTheTooLateOutputWhenTheTransformWindows() {
    TimestampedValue<KV<String, Double>> e1 = kv("a", at(10), 2.0);
    TimestampedValue<KV<String, Double>> e2 = kv("a", at(20), 4.0);
    TimestampedValue<KV<String, Double>> e3 = kv("a", at(40), 9.0);
    TimestampedValue<KV<String, Double>> e4 = kv("a", at(50), 1000.0);

    WindowedFeatures.Result<Double> result =
        orderedPipeline
            .apply(lateScenario(e1, e2, e3, e4))
            .apply(
                WindowedFeatures.perKey()
                    .withFeatureName("amount")
                    .windowedBy(
                        WindowSpec.fixed(MINUTE),
                        TriggerSpec.atWatermark()
                            .withLateFiringsOnEachElement()
                            .withAllowedLateness(Duration.standardMinutes(5))
                            .accumulating()));

    PAssert.that(result.features())
        .satisfies(
            ExpectedPanes.of(
                "amount",
                pane("a", T0, T0.plus(MINUTE)).is(ON_TIME, 0, false, p(e1), p(e2)),
                pane("a", T0, T0.plus(MINUTE)).is(LATE, 1, false, p(e1), p(e2), p(e3))));
    PAssert.that(result.tooLate()).satisfies(isOnly("a", 1000.0, at(50)));
    orderedPipeline.run();
  }

  @Test
  public void watermarkPassingEndAndLatenessAtOnceGivesOneFinalPane() {
    TimestampedValue<KV<String, Double>> e1 = kv("a", at(10), 2.0);
    TimestampedValue<KV<String, Double>> e2 = kv("a", at(20), 4.0);
    TestStream<KV<String, Double>> stream =
        TestStream.create(KV_CODER)
            .advanceWatermarkTo(T0)
            .addElements(e1, e2)
            .advanceWatermarkToInfinity();

    PCollection<WindowFeatures> features =
        pipeline
            .apply(stream)
            .apply(fixedMinutesWithLateFirings().accumulatingFiredPanes())
            .apply(WindowedFeatures.perKey())
            .features();

    PAssert.that(features)
        .satisfies(
            ExpectedPanes.of(
                Event.VALUE, pane("a", T0, T0.plus(MINUTE)).is(ON_TIME, 0, true, p(e1), p(e2))));
    pipeline.run();
  }

  private static SerializableFunction<Iterable<LateElement<String, Double>>, Void> isOnly(
      String key, double value, Instant timestamp) {
    return lateElements -> {
      List<LateElement<String, Double>> all = new ArrayList<>();
      lateElements.forEach(all::add);
      if (all.size() != 1
          || !all.get(0).key().equals(key)
          || all.get(0).value() != value
          || !all.get(0).timestamp().equals(timestamp)) {
        throw new AssertionError(
            "expected only " + key + "=" + value + "@" + timestamp + ", found " + all);
      }
      return null;
    };
  }

  @Test
  public void slidingWindowsCountAValueInEachOfItsWindows() {
    TimestampedValue<KV<String, Double>> e1 = kv("a", at(30), 1.0);
    TimestampedValue<KV<String, Double>> e2 = kv("a", at(90), 3.0);
    TimestampedValue<KV<String, Double>> e3 = kv("a", at(100), 5.0);
    TestStream<KV<String, Double>> stream =
        TestStream.create(KV_CODER)
            .advanceWatermarkTo(T0)
            .addElements(e1, e2, e3)
            .advanceWatermarkToInfinity();

    PCollection<WindowFeatures> features =
        pipeline
            .apply(stream)
            .apply(
                WindowedFeatures.perKey()
                    .windowedBy(WindowSpec.parse("sliding:2m/1m"), TriggerSpec.DEFAULT))
            .features();

    Instant m1 = T0.plus(MINUTE);
    Instant m2 = T0.plus(MINUTE.multipliedBy(2));
    Instant m3 = T0.plus(MINUTE.multipliedBy(3));
    PAssert.that(features)
        .satisfies(
            ExpectedPanes.of(
                Event.VALUE,
                pane("a", T0.minus(MINUTE), m1).is(ON_TIME, 0, true, p(e1)),
                pane("a", T0, m2).is(ON_TIME, 0, true, p(e1), p(e2), p(e3)),
                pane("a", m1, m3).is(ON_TIME, 0, true, p(e2), p(e3))));
    pipeline.run();
  }

  @Test
  public void sessionWindowsAreSummarisedAfterTheyMerge() {
    TimestampedValue<KV<String, Double>> a1 = kv("a", at(0), 1.0);
    TimestampedValue<KV<String, Double>> a2 = kv("a", at(90), 2.0);
    TimestampedValue<KV<String, Double>> b1 = kv("b", at(5), 4.0);
    TimestampedValue<KV<String, Double>> bridge = kv("a", at(45), 3.0);
    TimestampedValue<KV<String, Double>> a3 = kv("a", at(600), 8.0);
    TestStream<KV<String, Double>> stream =
        TestStream.create(KV_CODER)
            .advanceWatermarkTo(T0)
            .addElements(a1, a2, b1)
            .advanceWatermarkTo(at(20))
            .addElements(bridge, a3)
            .advanceWatermarkToInfinity();

    PCollection<WindowFeatures> features =
        pipeline
            .apply(stream)
            .apply(Window.<KV<String, Double>>into(Sessions.withGapDuration(MINUTE)))
            .apply(WindowedFeatures.perKey())
            .features();

    PAssert.that(features)
        .satisfies(
            ExpectedPanes.of(
                Event.VALUE,
                pane("a", T0, at(90).plus(MINUTE)).is(ON_TIME, 0, true, p(a1), p(bridge), p(a2)),
                pane("a", at(600), at(600).plus(MINUTE)).is(ON_TIME, 0, true, p(a3)),
                pane("b", at(5), at(5).plus(MINUTE)).is(ON_TIME, 0, true, p(b1))));
    pipeline.run();
  }

  @Test
  public void globalWindowWithCountTriggerGivesSpeculativePanesAndSpanRate() {
    TimestampedValue<KV<String, Double>> e1 = kv("a", at(0), 1.0);
    TimestampedValue<KV<String, Double>> e2 = kv("a", at(10), 2.0);
    TimestampedValue<KV<String, Double>> e3 = kv("a", at(20), 3.0);
    TimestampedValue<KV<String, Double>> e4 = kv("a", at(30), 4.0);
    TimestampedValue<KV<String, Double>> e5 = kv("a", at(40), 10.0);
    TimestampedValue<KV<String, Double>> e6 = kv("a", at(40), 6.0);
    TestStream<KV<String, Double>> stream =
        TestStream.create(KV_CODER)
            .advanceWatermarkTo(T0)
            .addElements(e1, e2, e3)
            .addElements(e4, e5, e6)
            .advanceWatermarkToInfinity();

    PCollection<WindowFeatures> features =
        orderedPipeline
            .apply(stream)
            .apply(
                Window.<KV<String, Double>>into(new GlobalWindows())
                    .triggering(Repeatedly.forever(AfterPane.elementCountAtLeast(3)))
                    .discardingFiredPanes())
            .apply(WindowedFeatures.perKey())
            .features();

    PAssert.that(features)
        .satisfies(
            ExpectedPanes.of(
                Event.VALUE,
                globalPane("a").is(EARLY, 0, false, p(e1), p(e2), p(e3)),
                globalPane("a").is(EARLY, 1, false, p(e4), p(e5), p(e6)),
                // The input ends: the watermark passes the end of the global window, and Beam's
                // default OnTimeBehavior.FIRE_ALWAYS fires its on-time pane, empty here.
                globalPane("a").is(ON_TIME, 2, true)));
    orderedPipeline.run();
  }

  @Test
  public void eventsAreSummarisedByNamedFeatureWithTooLateEventsKept() {
    Event on1 = Event.builder("m1", at(10)).feature("price", 2.0).feature("demand", 7.0).build();
    Event on2 = Event.builder("m1", at(30)).feature("price", 6.0).feature("demand", 1.0).build();
    Event other = Event.builder("m2", at(40)).feature("price", 1.0).build();
    Event tooLate = Event.builder("m1", at(50)).feature("price", 500.0).build();
    TestStream<Event> stream =
        TestStream.create(EventCoder.of())
            .advanceWatermarkTo(T0)
            .addElements(
                TimestampedValue.of(on1, on1.getTimestamp()),
                TimestampedValue.of(on2, on2.getTimestamp()),
                TimestampedValue.of(other, other.getTimestamp()))
            .advanceWatermarkTo(T0.plus(Duration.standardMinutes(5)))
            .addElements(TimestampedValue.of(tooLate, tooLate.getTimestamp()))
            .advanceWatermarkToInfinity();

    WindowedFeatures.Result<Event> result =
        orderedPipeline
            .apply(stream)
            .apply(
                WindowedFeatures.ofEvents("price")
                    .windowedBy(WindowSpec.fixed(MINUTE), TriggerSpec.DEFAULT));

    PAssert.that(result.features())
        .satisfies(
            ExpectedPanes.of(
                "price",
                pane("m1", T0, T0.plus(MINUTE))
                    .is(
                        ON_TIME,
                        0,
                        true,
                        new Point(at(10).getMillis(), 2.0),
                        new Point(at(30).getMillis(), 6.0)),
                pane("m2", T0, T0.plus(MINUTE))
                    .is(ON_TIME, 0, true, new Point(at(40).getMillis(), 1.0))));
    PAssert.that(result.tooLate())
        .satisfies(
            late -> {
              List<LateElement<String, Event>> all = new ArrayList<>();
              late.forEach(all::add);
              if (all.size() != 1
                  || !all.get(0).value().equals(tooLate)
                  || !all.get(0).key().equals("m1")) {
                throw new AssertionError("expected only " + tooLate + ", found " + all);
              }
              return null;
            });
    orderedPipeline.run();
  }

  private static long counter(PipelineResult run, String name) {
    MetricQueryResults metrics =
        run.metrics()
            .queryMetrics(
                MetricsFilter.builder()
                    .addNameFilter(MetricNameFilter.named(WindowedFeatures.METRICS_NAMESPACE, name))
                    .build());
    long total = 0;
    for (MetricResult<Long> counter : metrics.getCounters()) {
      total += counter.getAttempted();
    }
    return total;
  }
}
