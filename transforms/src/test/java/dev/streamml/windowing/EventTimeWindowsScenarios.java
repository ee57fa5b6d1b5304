package dev.streamml.windowing;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

import dev.streamml.testing.RunnerUnderTest;
import java.util.Arrays;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarIntCoder;
import org.apache.beam.sdk.metrics.MetricNameFilter;
import org.apache.beam.sdk.metrics.MetricResult;
import org.apache.beam.sdk.metrics.MetricsFilter;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.testing.TestStream;
import org.apache.beam.sdk.transforms.Sum;
import org.apache.beam.sdk.transforms.windowing.IntervalWindow;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TimestampedValue;
import org.joda.time.Duration;
import org.joda.time.Instant;
import org.junit.Rule;
import org.junit.Test;

/**
 * The TestStream scenarios of {@link EventTimeWindows}, run on every runner by one small subclass
 * per runner ({@link EventTimeWindowsDirectTest}, {@link EventTimeWindowsFlinkTest}).
 *
 * <p>For each window kind: an on-time pane, an early pane, a late pane within the allowed lateness,
 * and a too-late element that reaches the side output and no pane. Values per key are summed, and
 * values are powers of ten, so every expected sum says which elements a pane holds.
 *
 * <p>Skipped per runner: scenarios whose name ends in {@code ByProcessingTime} advance processing
 * time and run on the Direct runner only ({@link
 * RunnerUnderTest#NO_PROCESSING_TIME_IN_TEST_STREAM}); {@link
 * #fixedWindowEarlyPaneByElementCount()} covers early panes on every runner.
 *
 * <p>On Flink the scenarios need parallelism 1 and one-element bundles, which {@link
 * RunnerUnderTest#FLINK} sets: otherwise an element sent after {@code advanceWatermarkTo} may
 * reach the grouping step before that watermark and land in an on-time pane instead of a late one.
 *
 * <p>Not asserted on any runner: the timing label of the first pane of a session window created by
 * merging in a late element. Beam labels a window's first pane LATE only if the grouping step's
 * output watermark is already past the window's end when it fires ({@code PaneInfoTracker}); the
 * Direct runner has advanced it by then and says LATE, Flink has not yet and says ON_TIME. The
 * pane's contents are the same, and they are asserted with {@code inWindow}.
 */
public abstract class EventTimeWindowsScenarios {
  private static final Instant BASE = Instant.parse("2025-01-01T00:00:00Z");

  private static final WindowSpec FIXED = WindowSpec.parse("fixed:10m");
  private static final WindowSpec SLIDING = WindowSpec.parse("sliding:10m/5m");
  private static final WindowSpec SESSION = WindowSpec.parse("session:10m");

  @Rule public final transient TestPipeline pipeline;

  private final RunnerUnderTest runner;

  protected EventTimeWindowsScenarios(RunnerUnderTest runner) {
    this.runner = runner;
    this.pipeline = runner.newPipeline();
  }

  // ---------------------------------------------------------------------------------------------
  // Fixed windows: fixed:10m, lateness 5m, so window [0m, 10m) takes data until the watermark
  // passes 15m - 1ms.

  /**
   * The watermark jumps from before the end of the window past its allowed lateness in one step.
   * With Beam's default {@code OnTimeBehavior.FIRE_ALWAYS} the Flink runner would add a second,
   * empty on-time pane per key here (sum 0); {@link TriggerSpec} leaves empty panes out.
   */
  @Test
  public void fixedWindowOnTimePane() {
    TestStream<KV<String, Integer>> events =
        events()
            .addElements(event("a", 1, minutes(1)), event("a", 10, minutes(2)))
            .addElements(event("b", 100, minutes(3)))
            .advanceWatermarkTo(at(minutes(4)))
            .addElements(event("a", 1000, minutes(9)))
            .advanceWatermarkToInfinity();

    WindowedResult<String, Integer> windowed =
        pipeline.apply(events).apply(EventTimeWindows.of(FIXED, TriggerSpec.parse("lateness=5m")));
    PCollection<KV<String, Integer>> sums = sumPerKey(windowed, "Sum");

    PAssert.that(sums)
        .inOnTimePane(window(minutes(0), minutes(10)))
        .containsInAnyOrder(KV.of("a", 1011), KV.of("b", 100));
    PAssert.that(sums).containsInAnyOrder(KV.of("a", 1011), KV.of("b", 100));
    PAssert.that(windowed.tooLate()).empty();
    run();
  }

  @Test
  public void fixedWindowEarlyPaneByProcessingTime() {
    runner.assumeCanAdvanceProcessingTime();
    TestStream<KV<String, Integer>> events =
        events()
            .addElements(event("a", 1, minutes(1)), event("a", 10, minutes(2)))
            .advanceProcessingTime(minutes(2))
            .addElements(event("a", 100, minutes(3)))
            .advanceWatermarkToInfinity();

    PCollection<KV<String, Integer>> input = pipeline.apply(events);
    TriggerSpec trigger = TriggerSpec.parse("early=1m,lateness=5m");
    PCollection<KV<String, Integer>> accumulating = sumPerKey(input, FIXED, trigger.accumulating());
    PCollection<KV<String, Integer>> discarding = sumPerKey(input, FIXED, trigger.discarding());

    IntervalWindow window = window(minutes(0), minutes(10));
    PAssert.that(accumulating).inEarlyPane(window).containsInAnyOrder(KV.of("a", 11));
    PAssert.that(accumulating).inOnTimePane(window).containsInAnyOrder(KV.of("a", 111));
    PAssert.that(discarding).inEarlyPane(window).containsInAnyOrder(KV.of("a", 11));
    PAssert.that(discarding).inOnTimePane(window).containsInAnyOrder(KV.of("a", 100));
    run();
  }

  @Test
  public void fixedWindowEarlyPaneByElementCount() {
    TestStream<KV<String, Integer>> events =
        events()
            .addElements(event("a", 1, minutes(1)), event("a", 10, minutes(2)))
            .addElements(event("a", 100, minutes(3)))
            .advanceWatermarkToInfinity();

    PCollection<KV<String, Integer>> input = pipeline.apply(events);
    TriggerSpec trigger = TriggerSpec.parse("early=count:2,lateness=5m");
    PCollection<KV<String, Integer>> accumulating = sumPerKey(input, FIXED, trigger.accumulating());
    PCollection<KV<String, Integer>> discarding = sumPerKey(input, FIXED, trigger.discarding());

    IntervalWindow window = window(minutes(0), minutes(10));
    PAssert.that(accumulating).inEarlyPane(window).containsInAnyOrder(KV.of("a", 11));
    PAssert.that(accumulating).inOnTimePane(window).containsInAnyOrder(KV.of("a", 111));
    PAssert.that(discarding).inEarlyPane(window).containsInAnyOrder(KV.of("a", 11));
    PAssert.that(discarding).inOnTimePane(window).containsInAnyOrder(KV.of("a", 100));
    run();
  }

  @Test
  public void fixedWindowLatePaneWithinLateness() {
    TestStream<KV<String, Integer>> events =
        events()
            .addElements(event("a", 1, minutes(1)))
            .advanceWatermarkTo(at(minutes(11)))
            .addElements(event("a", 10, minutes(5)))
            .advanceWatermarkToInfinity();

    PCollection<KV<String, Integer>> input = pipeline.apply(events);
    TriggerSpec trigger = TriggerSpec.parse("late=each,lateness=5m");
    WindowedResult<String, Integer> accumulating =
        input.apply("Accumulating", EventTimeWindows.of(FIXED, trigger.accumulating()));
    WindowedResult<String, Integer> discarding =
        input.apply("Discarding", EventTimeWindows.of(FIXED, trigger.discarding()));
    PCollection<KV<String, Integer>> accumulatingSums = sumPerKey(accumulating, "SumAccumulating");
    PCollection<KV<String, Integer>> discardingSums = sumPerKey(discarding, "SumDiscarding");

    IntervalWindow window = window(minutes(0), minutes(10));
    PAssert.that(accumulatingSums).inOnTimePane(window).containsInAnyOrder(KV.of("a", 1));
    PAssert.that(accumulatingSums).inLatePane(window).containsInAnyOrder(KV.of("a", 11));
    PAssert.that(discardingSums).inOnTimePane(window).containsInAnyOrder(KV.of("a", 1));
    PAssert.that(discardingSums).inLatePane(window).containsInAnyOrder(KV.of("a", 10));
    PAssert.that(discardingSums).containsInAnyOrder(KV.of("a", 1), KV.of("a", 10));
    PAssert.that(accumulating.tooLate()).empty();
    PAssert.that(discarding.tooLate()).empty();
    run();
  }

  @Test
  public void fixedWindowTakesAnElementWhenTheWatermarkIsExactlyAtTheEndOfTheLateness() {
    // Window [0m, 10m) with lateness 5m takes data until the watermark passes 15m - 1ms.
    Instant lastMomentOfLateness = at(minutes(15)).minus(Duration.millis(1));
    TestStream<KV<String, Integer>> events =
        events()
            .addElements(event("a", 1, minutes(1)))
            .advanceWatermarkTo(lastMomentOfLateness)
            .addElements(event("a", 10, minutes(5)))
            .advanceWatermarkToInfinity();

    WindowedResult<String, Integer> windowed =
        pipeline
            .apply(events)
            .apply(EventTimeWindows.of(FIXED, TriggerSpec.parse("lateness=5m,discarding")));
    PCollection<KV<String, Integer>> sums = sumPerKey(windowed, "Sum");

    IntervalWindow window = window(minutes(0), minutes(10));
    PAssert.that(sums).inOnTimePane(window).containsInAnyOrder(KV.of("a", 1));
    PAssert.that(sums).inWindow(window).containsInAnyOrder(KV.of("a", 1), KV.of("a", 10));
    PAssert.that(windowed.tooLate()).empty();
    run();
  }

  @Test
  public void fixedWindowTooLateElementGoesToSideOutput() {
    Instant watermark = at(minutes(16));
    TestStream<KV<String, Integer>> events =
        events()
            .addElements(event("a", 1, minutes(1)))
            .advanceWatermarkTo(watermark)
            .addElements(event("a", 10, minutes(5)), event("b", 100, minutes(9)))
            .advanceWatermarkToInfinity();

    WindowedResult<String, Integer> windowed =
        pipeline.apply(events).apply(EventTimeWindows.of(FIXED, TriggerSpec.parse("lateness=5m")));
    PCollection<KV<String, Integer>> sums = sumPerKey(windowed, "Sum");

    IntervalWindow window = window(minutes(0), minutes(10));
    // 16m - (10m - 1ms + 5m)
    Duration lateness = minutes(1).plus(Duration.millis(1));
    PAssert.that(sums).inOnTimePane(window).containsInAnyOrder(KV.of("a", 1));
    PAssert.that(sums).containsInAnyOrder(KV.of("a", 1));
    PAssert.that(windowed.tooLate())
        .containsInAnyOrder(
            tooLate("a", 10, minutes(5), watermark, lateness, window),
            tooLate("b", 100, minutes(9), watermark, lateness, window));
    assertThat(tooLateCount(run()), is(2L));
  }

  // ---------------------------------------------------------------------------------------------
  // Sliding windows: sliding:10m/5m, lateness 5m. An element at 7m is in [0m, 10m) and [5m, 15m).

  @Test
  public void slidingWindowsOnTimePanes() {
    TestStream<KV<String, Integer>> events =
        events()
            .addElements(event("a", 1, minutes(1)), event("a", 10, minutes(7)))
            .advanceWatermarkToInfinity();

    WindowedResult<String, Integer> windowed =
        pipeline
            .apply(events)
            .apply(EventTimeWindows.of(SLIDING, TriggerSpec.parse("lateness=5m")));
    PCollection<KV<String, Integer>> sums = sumPerKey(windowed, "Sum");

    PAssert.that(sums)
        .inOnTimePane(window(minutes(-5), minutes(5)))
        .containsInAnyOrder(KV.of("a", 1));
    PAssert.that(sums)
        .inOnTimePane(window(minutes(0), minutes(10)))
        .containsInAnyOrder(KV.of("a", 11));
    PAssert.that(sums)
        .inOnTimePane(window(minutes(5), minutes(15)))
        .containsInAnyOrder(KV.of("a", 10));
    PAssert.that(windowed.tooLate()).empty();
    run();
  }

  @Test
  public void slidingWindowsEarlyPanesByProcessingTime() {
    runner.assumeCanAdvanceProcessingTime();
    TestStream<KV<String, Integer>> events =
        events()
            .addElements(event("a", 1, minutes(7)), event("a", 10, minutes(8)))
            .advanceProcessingTime(minutes(2))
            .addElements(event("a", 100, minutes(9)))
            .advanceWatermarkToInfinity();

    PCollection<KV<String, Integer>> input = pipeline.apply(events);
    TriggerSpec trigger = TriggerSpec.parse("early=1m,lateness=5m");
    PCollection<KV<String, Integer>> accumulating =
        sumPerKey(input, SLIDING, trigger.accumulating());
    PCollection<KV<String, Integer>> discarding = sumPerKey(input, SLIDING, trigger.discarding());

    for (IntervalWindow window :
        Arrays.asList(window(minutes(0), minutes(10)), window(minutes(5), minutes(15)))) {
      PAssert.that(accumulating).inEarlyPane(window).containsInAnyOrder(KV.of("a", 11));
      PAssert.that(accumulating).inOnTimePane(window).containsInAnyOrder(KV.of("a", 111));
      PAssert.that(discarding).inEarlyPane(window).containsInAnyOrder(KV.of("a", 11));
      PAssert.that(discarding).inOnTimePane(window).containsInAnyOrder(KV.of("a", 100));
    }
    run();
  }

  @Test
  public void slidingWindowsLatePaneWithinLateness() {
    TestStream<KV<String, Integer>> events =
        events()
            .addElements(event("a", 1, minutes(1)), event("a", 100, minutes(6)))
            // Past the end of [-5m, 5m) and [0m, 10m), not of [5m, 15m).
            .advanceWatermarkTo(at(minutes(11)))
            .addElements(event("a", 10, minutes(7)))
            .advanceWatermarkToInfinity();

    PCollection<KV<String, Integer>> input = pipeline.apply(events);
    TriggerSpec trigger = TriggerSpec.parse("lateness=5m");
    PCollection<KV<String, Integer>> accumulating =
        sumPerKey(input, SLIDING, trigger.accumulating());
    PCollection<KV<String, Integer>> discarding = sumPerKey(input, SLIDING, trigger.discarding());

    IntervalWindow closed = window(minutes(0), minutes(10));
    IntervalWindow open = window(minutes(5), minutes(15));
    PAssert.that(accumulating).inOnTimePane(closed).containsInAnyOrder(KV.of("a", 101));
    PAssert.that(accumulating).inLatePane(closed).containsInAnyOrder(KV.of("a", 111));
    PAssert.that(discarding).inOnTimePane(closed).containsInAnyOrder(KV.of("a", 101));
    PAssert.that(discarding).inLatePane(closed).containsInAnyOrder(KV.of("a", 10));
    // Still before the end of [5m, 15m): the element is on time there.
    PAssert.that(accumulating).inOnTimePane(open).containsInAnyOrder(KV.of("a", 110));
    PAssert.that(discarding).inWindow(open).containsInAnyOrder(KV.of("a", 110));
    run();
  }

  @Test
  public void slidingWindowsKeepAnElementTooLateForSomeOfItsWindowsInTheOthers() {
    TestStream<KV<String, Integer>> events =
        events()
            .addElements(event("a", 1, minutes(1)), event("a", 100, minutes(6)))
            // [0m, 10m) expired at 15m - 1ms; [5m, 15m) takes data until 20m - 1ms.
            .advanceWatermarkTo(at(minutes(16)))
            .addElements(event("a", 10, minutes(7)))
            .advanceWatermarkToInfinity();

    WindowedResult<String, Integer> windowed =
        pipeline
            .apply(events)
            .apply(EventTimeWindows.of(SLIDING, TriggerSpec.parse("lateness=5m,discarding")));
    PCollection<KV<String, Integer>> sums = sumPerKey(windowed, "Sum");

    PAssert.that(sums)
        .inWindow(window(minutes(0), minutes(10)))
        .containsInAnyOrder(KV.of("a", 101));
    IntervalWindow open = window(minutes(5), minutes(15));
    PAssert.that(sums).inOnTimePane(open).containsInAnyOrder(KV.of("a", 100));
    PAssert.that(sums).inLatePane(open).containsInAnyOrder(KV.of("a", 10));
    PAssert.that(windowed.tooLate()).empty();
    assertThat(tooLateCount(run()), is(0L));
  }

  @Test
  public void slidingWindowsTooLateElementGoesToSideOutput() {
    Instant watermark = at(minutes(21));
    TestStream<KV<String, Integer>> events =
        events()
            .addElements(event("a", 1, minutes(1)))
            .advanceWatermarkTo(watermark)
            .addElements(event("a", 10, minutes(7)))
            .advanceWatermarkToInfinity();

    WindowedResult<String, Integer> windowed =
        pipeline
            .apply(events)
            .apply(EventTimeWindows.of(SLIDING, TriggerSpec.parse("lateness=5m")));
    PCollection<KV<String, Integer>> sums = sumPerKey(windowed, "Sum");

    // Measured against [5m, 15m), the later window: 21m - (15m - 1ms + 5m)
    Duration lateness = minutes(1).plus(Duration.millis(1));
    PAssert.that(sums).containsInAnyOrder(KV.of("a", 1), KV.of("a", 1));
    PAssert.that(windowed.tooLate())
        .containsInAnyOrder(
            tooLate(
                "a",
                10,
                minutes(7),
                watermark,
                lateness,
                window(minutes(0), minutes(10)),
                window(minutes(5), minutes(15))));
    assertThat(tooLateCount(run()), is(1L));
  }

  // ---------------------------------------------------------------------------------------------
  // Session windows: session:10m, lateness 30m. An element at t alone is the session [t, t+10m).

  @Test
  public void sessionWindowsOnTimePanes() {
    TestStream<KV<String, Integer>> events =
        events()
            .addElements(event("a", 1, minutes(0)), event("b", 1000, minutes(2)))
            .addElements(event("a", 10, minutes(5)), event("a", 100, minutes(30)))
            .advanceWatermarkToInfinity();

    WindowedResult<String, Integer> windowed =
        pipeline
            .apply(events)
            .apply(EventTimeWindows.of(SESSION, TriggerSpec.parse("lateness=30m")));
    PCollection<KV<String, Integer>> sums = sumPerKey(windowed, "Sum");

    PAssert.that(sums)
        .inOnTimePane(window(minutes(0), minutes(15)))
        .containsInAnyOrder(KV.of("a", 11));
    PAssert.that(sums)
        .inOnTimePane(window(minutes(30), minutes(40)))
        .containsInAnyOrder(KV.of("a", 100));
    PAssert.that(sums)
        .inOnTimePane(window(minutes(2), minutes(12)))
        .containsInAnyOrder(KV.of("b", 1000));
    PAssert.that(windowed.tooLate()).empty();
    run();
  }

  @Test
  public void sessionWindowEarlyPaneByProcessingTime() {
    runner.assumeCanAdvanceProcessingTime();
    TestStream<KV<String, Integer>> events =
        events()
            .addElements(event("a", 1, minutes(0)), event("a", 10, minutes(5)))
            .advanceProcessingTime(minutes(2))
            // Extends the session [0m, 15m) to [0m, 18m).
            .addElements(event("a", 100, minutes(8)))
            .advanceWatermarkToInfinity();

    PCollection<KV<String, Integer>> input = pipeline.apply(events);
    TriggerSpec trigger = TriggerSpec.parse("early=1m,lateness=30m");
    PCollection<KV<String, Integer>> accumulating =
        sumPerKey(input, SESSION, trigger.accumulating());
    PCollection<KV<String, Integer>> discarding = sumPerKey(input, SESSION, trigger.discarding());

    IntervalWindow early = window(minutes(0), minutes(15));
    IntervalWindow onTime = window(minutes(0), minutes(18));
    PAssert.that(accumulating).inEarlyPane(early).containsInAnyOrder(KV.of("a", 11));
    PAssert.that(accumulating).inOnTimePane(onTime).containsInAnyOrder(KV.of("a", 111));
    PAssert.that(discarding).inEarlyPane(early).containsInAnyOrder(KV.of("a", 11));
    PAssert.that(discarding).inOnTimePane(onTime).containsInAnyOrder(KV.of("a", 100));
    run();
  }

  @Test
  public void sessionWindowLatePaneWithinLateness() {
    TestStream<KV<String, Integer>> events =
        events()
            .addElements(event("a", 1, minutes(0)))
            .advanceWatermarkTo(at(minutes(26)))
            // [3m, 13m) merges with the fired session [0m, 10m) into [0m, 13m), already past.
            .addElements(event("a", 10, minutes(3)))
            .advanceWatermarkToInfinity();

    PCollection<KV<String, Integer>> input = pipeline.apply(events);
    TriggerSpec trigger = TriggerSpec.parse("lateness=30m");
    PCollection<KV<String, Integer>> accumulating =
        sumPerKey(input, SESSION, trigger.accumulating());
    PCollection<KV<String, Integer>> discarding = sumPerKey(input, SESSION, trigger.discarding());

    IntervalWindow first = window(minutes(0), minutes(10));
    IntervalWindow extended = window(minutes(0), minutes(13));
    PAssert.that(accumulating).inOnTimePane(first).containsInAnyOrder(KV.of("a", 1));
    PAssert.that(discarding).inOnTimePane(first).containsInAnyOrder(KV.of("a", 1));
    // The merged session never fired before, so its pane is the first one of [0m, 13m); see the
    // class comment on why its timing label is not asserted.
    PAssert.that(accumulating).inWindow(extended).containsInAnyOrder(KV.of("a", 11));
    PAssert.that(discarding).inWindow(extended).containsInAnyOrder(KV.of("a", 10));
    run();
  }

  @Test
  public void sessionWindowsMergeWhenALateEventBridgesThem() {
    TestStream<KV<String, Integer>> events =
        events()
            .addElements(event("a", 1, minutes(0)), event("a", 100, minutes(15)))
            .advanceWatermarkTo(at(minutes(26)))
            // [7m, 17m) overlaps both [0m, 10m) and [15m, 25m): one session [0m, 25m).
            .addElements(event("a", 10, minutes(7)))
            .advanceWatermarkToInfinity();

    PCollection<KV<String, Integer>> input = pipeline.apply(events);
    TriggerSpec trigger = TriggerSpec.parse("lateness=30m");
    WindowedResult<String, Integer> accumulating =
        input.apply("Accumulating", EventTimeWindows.of(SESSION, trigger.accumulating()));
    WindowedResult<String, Integer> discarding =
        input.apply("Discarding", EventTimeWindows.of(SESSION, trigger.discarding()));
    PCollection<KV<String, Integer>> accumulatingSums = sumPerKey(accumulating, "SumAccumulating");
    PCollection<KV<String, Integer>> discardingSums = sumPerKey(discarding, "SumDiscarding");

    IntervalWindow merged = window(minutes(0), minutes(25));
    PAssert.that(accumulatingSums)
        .inOnTimePane(window(minutes(0), minutes(10)))
        .containsInAnyOrder(KV.of("a", 1));
    PAssert.that(accumulatingSums)
        .inOnTimePane(window(minutes(15), minutes(25)))
        .containsInAnyOrder(KV.of("a", 100));
    PAssert.that(accumulatingSums).inWindow(merged).containsInAnyOrder(KV.of("a", 111));
    PAssert.that(discardingSums).inWindow(merged).containsInAnyOrder(KV.of("a", 10));
    PAssert.that(discardingSums).containsInAnyOrder(KV.of("a", 1), KV.of("a", 100), KV.of("a", 10));
    PAssert.that(accumulating.tooLate()).empty();
    PAssert.that(discarding.tooLate()).empty();
    run();
  }

  @Test
  public void sessionWindowTooLateElementGoesToSideOutput() {
    Instant watermark = at(minutes(50));
    TestStream<KV<String, Integer>> events =
        events()
            .addElements(event("a", 1, minutes(0)))
            .advanceWatermarkTo(watermark)
            .addElements(event("a", 10, minutes(3)))
            .advanceWatermarkToInfinity();

    WindowedResult<String, Integer> windowed =
        pipeline
            .apply(events)
            .apply(EventTimeWindows.of(SESSION, TriggerSpec.parse("lateness=30m")));
    PCollection<KV<String, Integer>> sums = sumPerKey(windowed, "Sum");

    // Its own session [3m, 13m) took data until 13m - 1ms + 30m.
    Duration lateness = minutes(7).plus(Duration.millis(1));
    PAssert.that(sums)
        .inOnTimePane(window(minutes(0), minutes(10)))
        .containsInAnyOrder(KV.of("a", 1));
    PAssert.that(sums).containsInAnyOrder(KV.of("a", 1));
    PAssert.that(windowed.tooLate())
        .containsInAnyOrder(
            tooLate("a", 10, minutes(3), watermark, lateness, window(minutes(3), minutes(13))));
    assertThat(tooLateCount(run()), is(1L));
  }

  // ---------------------------------------------------------------------------------------------

  private PipelineResult run() {
    PipelineResult result = pipeline.run();
    result.waitUntilFinish();
    return result;
  }

  private static TestStream.Builder<KV<String, Integer>> events() {
    return TestStream.create(KvCoder.of(StringUtf8Coder.of(), VarIntCoder.of()))
        .advanceWatermarkTo(BASE);
  }

  private static TimestampedValue<KV<String, Integer>> event(
      String key, int value, Duration sinceBase) {
    return TimestampedValue.of(KV.of(key, value), at(sinceBase));
  }

  private static PCollection<KV<String, Integer>> sumPerKey(
      WindowedResult<String, Integer> windowed, String name) {
    return windowed.onTime().apply(name, Sum.integersPerKey());
  }

  /** Windows and sums {@code input} in a step named after the accumulation mode. */
  private static PCollection<KV<String, Integer>> sumPerKey(
      PCollection<KV<String, Integer>> input, WindowSpec windows, TriggerSpec trigger) {
    String mode = trigger.accumulationMode().name();
    WindowedResult<String, Integer> windowed =
        input.apply("Window" + mode, EventTimeWindows.of(windows, trigger));
    return sumPerKey(windowed, "Sum" + mode);
  }

  private static LateElement<String, Integer> tooLate(
      String key,
      int value,
      Duration sinceBase,
      Instant watermark,
      Duration lateness,
      IntervalWindow... windows) {
    return LateElement.of(key, value, at(sinceBase), Arrays.asList(windows), watermark, lateness);
  }

  private static long tooLateCount(PipelineResult result) {
    MetricsFilter filter =
        MetricsFilter.builder()
            .addNameFilter(
                MetricNameFilter.named(
                    EventTimeWindows.METRIC_NAMESPACE, EventTimeWindows.TOO_LATE_COUNTER))
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

  private static Duration minutes(long minutes) {
    return Duration.standardMinutes(minutes);
  }
}
