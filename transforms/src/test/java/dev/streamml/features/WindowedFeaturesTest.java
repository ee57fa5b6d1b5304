package dev.streamml.features;

import static dev.streamml.features.ExpectedPanes.pane;
import static dev.streamml.features.PaneTiming.ON_TIME;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.sameInstance;
import static org.junit.Assert.assertThrows;

import dev.streamml.events.Event;
import dev.streamml.events.EventCoder;
import dev.streamml.features.ReferenceStats.Point;
import dev.streamml.testing.RunnerUnderTest;
import dev.streamml.windowing.TriggerSpec;
import dev.streamml.windowing.WindowSpec;
import java.util.Arrays;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.coders.DoubleCoder;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.metrics.MetricNameFilter;
import org.apache.beam.sdk.metrics.MetricResult;
import org.apache.beam.sdk.metrics.MetricsFilter;
import org.apache.beam.sdk.testing.CoderProperties;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.display.DisplayData;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.apache.beam.sdk.transforms.windowing.FixedWindows;
import org.apache.beam.sdk.transforms.windowing.PaneInfo;
import org.apache.beam.sdk.transforms.windowing.PaneInfo.Timing;
import org.apache.beam.sdk.transforms.windowing.Window;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TimestampedValue;
import org.joda.time.Duration;
import org.joda.time.Instant;
import org.junit.Rule;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/** Settings, value class, coder and bad-input handling of {@link WindowedFeatures}. */
@RunWith(JUnit4.class)
public class WindowedFeaturesTest {
  private static final Instant T0 = Instant.parse("2024-01-01T00:00:00Z");
  private static final Duration MINUTE = Duration.standardMinutes(1);

  @Rule public final transient TestPipeline pipeline = RunnerUnderTest.DIRECT.newPipeline();

  private static Instant at(long seconds) {
    return T0.plus(Duration.standardSeconds(seconds));
  }

  @Test
  public void sketchKOutsideKllRangeIsRejectedWithTheRange() {
    IllegalArgumentException tooSmall =
        assertThrows(
            IllegalArgumentException.class, () -> WindowedFeatures.perKey().withSketchK(7));
    IllegalArgumentException tooLarge =
        assertThrows(
            IllegalArgumentException.class, () -> WindowedFeatures.ofEvents().withSketchK(65_536));

    assertThat(tooSmall.getMessage(), containsString("between 8 and 65535, found 7"));
    assertThat(tooLarge.getMessage(), containsString("found 65536"));
    WindowedFeatures.perKey().withSketchK(8);
    WindowedFeatures.perKey().withSketchK(65_535);
  }

  @Test
  public void featureNamesMustBeGiven() {
    assertThrows(IllegalArgumentException.class, () -> WindowedFeatures.ofEvents(null));
    IllegalArgumentException empty =
        assertThrows(IllegalArgumentException.class, () -> WindowedFeatures.ofEvents(""));
    assertThrows(
        IllegalArgumentException.class, () -> WindowedFeatures.perKey().withFeatureName(null));

    assertThat(empty.getMessage(), containsString("non-empty"));
  }

  @Test
  public void windowedByNeedsBothSpecs() {
    IllegalArgumentException noTrigger =
        assertThrows(
            IllegalArgumentException.class,
            () -> WindowedFeatures.perKey().windowedBy(WindowSpec.parse("fixed:1m"), null));
    assertThrows(
        IllegalArgumentException.class,
        () -> WindowedFeatures.ofEvents("x").windowedBy(null, TriggerSpec.DEFAULT));

    assertThat(noTrigger.getMessage(), containsString("TriggerSpec.DEFAULT"));
  }

  @Test
  public void withMethodsReturnChangedCopies() {
    WindowedFeatures.PerKey original = WindowedFeatures.perKey();

    WindowedFeatures.PerKey changed =
        original
            .withFeatureName("latency")
            .withSketchK(64)
            .windowedBy(WindowSpec.parse("sliding:10m/1m"), TriggerSpec.parse("lateness=5m"));

    assertThat(changed, not(sameInstance(original)));
    assertThat(displayed(original, "featureName"), is(Event.VALUE));
    assertThat(displayed(original, "sketchK"), is(WindowedFeatures.DEFAULT_SKETCH_K));
    assertThat(displayed(original, "windows"), is((Object) null));
    assertThat(displayed(changed, "featureName"), is("latency"));
    assertThat(displayed(changed, "sketchK"), is(64));
    assertThat(displayed(changed, "windows"), is("sliding:10m/1m"));
    assertThat(displayed(changed, "trigger"), is(TriggerSpec.parse("lateness=5m").toString()));
  }

  private static Object displayed(WindowedFeatures.PerKey transform, String key) {
    for (DisplayData.Item item : DisplayData.from(transform).items()) {
      if (item.getKey().equals(key)) {
        return item.getValue() instanceof Long
            ? (Object) ((Long) item.getValue()).intValue()
            : item.getValue();
      }
    }
    return null;
  }

  @Test
  public void eventsWithoutTheFeatureAndNonFiniteValuesAreSkippedAndCounted() {
    Event ok1 = Event.builder("k", at(1)).feature("price", 3.0).build();
    Event ok2 = Event.builder("k", at(2)).feature("price", 5.0).feature("other", 1.0).build();
    Event missing = Event.builder("k", at(3)).feature("other", 9.0).build();
    Event nan = Event.builder("k", at(4)).feature("price", Double.NaN).build();
    Event infinite = Event.builder("k", at(5)).feature("price", Double.POSITIVE_INFINITY).build();
    PCollection<Event> events =
        pipeline.apply(
            Create.timestamped(
                    Arrays.asList(ok1, ok2, missing, nan, infinite).stream()
                        .map(e -> TimestampedValue.of(e, e.getTimestamp()))
                        .collect(java.util.stream.Collectors.toList()))
                .withCoder(EventCoder.of()));

    PCollection<WindowFeatures> features =
        events
            .apply(Window.into(FixedWindows.of(MINUTE)))
            .apply(WindowedFeatures.ofEvents("price"))
            .features();

    PAssert.that(features)
        .satisfies(
            ExpectedPanes.of(
                "price",
                pane("k", T0, T0.plus(MINUTE))
                    .is(
                        ON_TIME,
                        0,
                        true,
                        new Point(at(1).getMillis(), 3.0),
                        new Point(at(2).getMillis(), 5.0))));
    PipelineResult result = pipeline.run();
    result.waitUntilFinish();

    assertThat(counter(result, WindowedFeatures.MISSING_FEATURE_SKIPPED), is(1L));
    assertThat(counter(result, WindowedFeatures.NON_FINITE_SKIPPED), is(2L));
    assertThat(counter(result, WindowedFeatures.WINDOWS_EMITTED), is(1L));
  }

  @Test
  public void ofEventsWithoutANameSummarisesEachEventsFirstFeature() {
    Event single = Event.of("k", at(1), 4.0);
    Event named = Event.builder("k", at(2)).feature("first", 6.0).feature("second", 100.0).build();
    PCollection<Event> events =
        pipeline.apply(
            Create.timestamped(
                    TimestampedValue.of(single, single.getTimestamp()),
                    TimestampedValue.of(named, named.getTimestamp()))
                .withCoder(EventCoder.of()));

    PCollection<WindowFeatures> features =
        events
            .apply(Window.into(FixedWindows.of(MINUTE)))
            .apply(WindowedFeatures.ofEvents())
            .features();

    PAssert.that(features)
        .satisfies(
            ExpectedPanes.of(
                Event.VALUE,
                pane("k", T0, T0.plus(MINUTE))
                    .is(
                        ON_TIME,
                        0,
                        true,
                        new Point(at(1).getMillis(), 4.0),
                        new Point(at(2).getMillis(), 6.0))));
    pipeline.run();
  }

  @Test
  public void perKeyWorksOnBoundedInputInTheGlobalWindow() {
    PCollection<KV<String, Double>> values =
        pipeline.apply(
            Create.timestamped(
                    TimestampedValue.of(KV.of("a", 1.0), at(0)),
                    TimestampedValue.of(KV.of("a", 3.0), at(4)))
                .withCoder(KvCoder.of(StringUtf8Coder.of(), DoubleCoder.of())));

    PCollection<WindowFeatures> features = values.apply(WindowedFeatures.perKey()).features();

    PAssert.that(features)
        .satisfies(
            ExpectedPanes.of(
                Event.VALUE,
                ExpectedPanes.globalPane("a")
                    .is(
                        ON_TIME,
                        0,
                        true,
                        new Point(at(0).getMillis(), 1.0),
                        new Point(at(4).getMillis(), 3.0))));
    pipeline.run();
  }

  @Test
  public void coderRoundTripsRecordsWithAndWithoutValues() throws Exception {
    WindowFeatures full =
        WindowFeatures.builder("sensor-7", "temp", T0, T0.plus(MINUTE))
            .count(3)
            .sum(6.0)
            .mean(2.0)
            .variance(1.0)
            .min(1.0)
            .max(3.0)
            .p50(2.0)
            .p90(3.0)
            .p99(3.0)
            .first(1.0, at(1))
            .last(3.0, at(50))
            .rate(0.05)
            .pane(PaneTiming.LATE, 4, true)
            .build();
    WindowFeatures empty =
        WindowFeatures.builder(
                "k", "v", BoundedWindow.TIMESTAMP_MIN_VALUE, BoundedWindow.TIMESTAMP_MAX_VALUE)
            .pane(PaneTiming.ON_TIME, 1, true)
            .build();

    for (WindowFeatures value : Arrays.asList(full, empty)) {
      CoderProperties.coderDecodeEncodeEqual(WindowFeaturesCoder.of(), value);
      CoderProperties.coderDeterministic(
          WindowFeaturesCoder.of(), value, value.toBuilder().build());
      CoderProperties.coderConsistentWithEquals(WindowFeaturesCoder.of(), value, full);
    }
    CoderProperties.coderSerializable(WindowFeaturesCoder.of());
    assertThat(empty.getStddev(), is(Double.NaN));
    assertThat(full.getStddev(), is(1.0));
  }

  @Test
  public void aRecordWithValuesNeedsFirstAndLastTimestamps() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> WindowFeatures.builder("k", "v", T0, T0.plus(MINUTE)).count(2).build());

    assertThat(e.getMessage(), containsString("first and last timestamps"));
  }

  @Test
  public void paneTimingFollowsBeamsPaneInfo() {
    assertThat(PaneTiming.of(PaneInfo.createPane(true, false, Timing.EARLY)), is(PaneTiming.EARLY));
    assertThat(PaneTiming.of(PaneInfo.ON_TIME_AND_ONLY_FIRING), is(PaneTiming.ON_TIME));
    assertThat(
        PaneTiming.of(PaneInfo.createPane(false, true, Timing.LATE, 2, 1)), is(PaneTiming.LATE));
    assertThat(PaneTiming.of(PaneInfo.NO_FIRING), is(PaneTiming.UNKNOWN));
  }

  private static long counter(PipelineResult result, String name) {
    long total = 0;
    for (MetricResult<Long> counter :
        result
            .metrics()
            .queryMetrics(
                MetricsFilter.builder()
                    .addNameFilter(MetricNameFilter.named(WindowedFeatures.METRICS_NAMESPACE, name))
                    .build())
            .getCounters()) {
      total += counter.getAttempted();
    }
    return total;
  }
}
