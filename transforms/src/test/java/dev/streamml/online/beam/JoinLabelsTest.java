package dev.streamml.online.beam;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

import dev.streamml.events.Event;
import dev.streamml.events.EventCoder;
import dev.streamml.testing.RunnerUnderTest;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.coders.DoubleCoder;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.metrics.MetricNameFilter;
import org.apache.beam.sdk.metrics.MetricResult;
import org.apache.beam.sdk.metrics.MetricsFilter;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.testing.TestStream;
import org.apache.beam.sdk.transforms.Filter;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.Reify;
import org.apache.beam.sdk.transforms.windowing.FixedWindows;
import org.apache.beam.sdk.transforms.windowing.IntervalWindow;
import org.apache.beam.sdk.transforms.windowing.Window;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TimestampedValue;
import org.apache.beam.sdk.values.TypeDescriptor;
import org.joda.time.Duration;
import org.joda.time.Instant;
import org.junit.Rule;
import org.junit.Test;

/**
 * {@link JoinLabels} on the Direct runner with a TestStream. One stream carries both inputs (a
 * label is an event of key {@value #LABEL_KEY} whose id and value are the label's), so their
 * interleaving is exact; the test splits it before the join.
 */
public class JoinLabelsTest {
  private static final Instant BASE = Instant.parse("2025-01-01T00:00:00Z");
  private static final String LABEL_KEY = "__label__";
  private static final Duration DELAY = Duration.standardMinutes(10);

  @Rule public final transient TestPipeline pipeline = RunnerUnderTest.DIRECT.newPipeline();

  @Test
  public void labelAfterEventWithinDelayJoinsAtTheEventTimestamp() {
    Event event = event("a", minutes(1), 3.0);
    TestStream<Event> stream =
        TestStream.create(EventCoder.of())
            .addElements(TimestampedValue.of(event, minutes(1)))
            .advanceWatermarkTo(minutes(4))
            .addElements(TimestampedValue.of(label("a", 1.0), minutes(5)))
            .advanceWatermarkToInfinity();

    JoinLabels.Result result = join(stream);

    PAssert.that(result.joined().apply("Stamps", Reify.timestamps()))
        .containsInAnyOrder(TimestampedValue.of(event.withLabel(1.0), minutes(1)));
    // On time downstream: lands in the event's one-minute window, not dropped as late.
    PAssert.that(
            result
                .joined()
                .apply(
                    "Minutes",
                    Window.<Event>into(FixedWindows.of(Duration.standardMinutes(1)))))
        .inWindow(new IntervalWindow(minutes(1), minutes(2)))
        .containsInAnyOrder(event.withLabel(1.0));
    PAssert.that(result.expiredEvents()).empty();
    PAssert.that(result.unmatchedLabels()).empty();
    PipelineResult run = pipeline.run();
    run.waitUntilFinish();
    assertThat(counter(run, JoinLabels.JOINED), is(1L));
    assertThat(counter(run, JoinLabels.EXPIRED_EVENTS), is(0L));
    assertThat(counter(run, JoinLabels.EXPIRED_LABELS), is(0L));
  }

  @Test
  public void labelBeforeEventJoins() {
    Event event = event("b", minutes(2), 4.0);
    TestStream<Event> stream =
        TestStream.create(EventCoder.of())
            .addElements(TimestampedValue.of(label("b", 0.0), minutes(3)))
            .advanceWatermarkTo(minutes(1))
            .addElements(TimestampedValue.of(event, minutes(2)))
            .advanceWatermarkToInfinity();

    JoinLabels.Result result = join(stream);

    PAssert.that(result.joined().apply("Stamps", Reify.timestamps()))
        .containsInAnyOrder(TimestampedValue.of(event.withLabel(0.0), minutes(2)));
    PAssert.that(result.expiredEvents()).empty();
    PAssert.that(result.unmatchedLabels()).empty();
    PipelineResult run = pipeline.run();
    run.waitUntilFinish();
    assertThat(counter(run, JoinLabels.JOINED), is(1L));
    assertThat(counter(run, JoinLabels.EXPIRED_EVENTS), is(0L));
    assertThat(counter(run, JoinLabels.EXPIRED_LABELS), is(0L));
  }

  @Test
  public void labelAfterTheDelayExpiresTheEventAndIsUnmatched() {
    Event late = event("c", minutes(1), 5.0);
    Event joined = event("d", minutes(2), 6.0);
    TestStream<Event> stream =
        TestStream.create(EventCoder.of())
            .addElements(
                TimestampedValue.of(late, minutes(1)), TimestampedValue.of(joined, minutes(2)))
            .advanceWatermarkTo(minutes(5))
            .addElements(TimestampedValue.of(label("d", 1.0), minutes(6)))
            .advanceWatermarkTo(minutes(20))
            .addElements(TimestampedValue.of(label("c", 1.0), minutes(20)))
            .advanceWatermarkToInfinity();

    JoinLabels.Result result = join(stream);

    PAssert.that(result.joined().apply("JoinedStamps", Reify.timestamps()))
        .containsInAnyOrder(TimestampedValue.of(joined.withLabel(1.0), minutes(2)));
    PAssert.that(result.expiredEvents().apply("ExpiredStamps", Reify.timestamps()))
        .containsInAnyOrder(TimestampedValue.of(late, minutes(1)));
    PAssert.that(result.unmatchedLabels().apply("UnmatchedStamps", Reify.timestamps()))
        .containsInAnyOrder(TimestampedValue.of(KV.of("c", 1.0), minutes(20)));
    PipelineResult run = pipeline.run();
    run.waitUntilFinish();
    assertThat(counter(run, JoinLabels.JOINED), is(1L));
    assertThat(counter(run, JoinLabels.EXPIRED_EVENTS), is(1L));
    assertThat(counter(run, JoinLabels.EXPIRED_LABELS), is(1L));
  }

  @Test
  public void eventsAndLabelsWithoutIdAreOutputAtOnceNotDropped() {
    Event noId = Event.of("sensor", minutes(1), 7.0);
    TestStream<Event> stream =
        TestStream.create(EventCoder.of())
            .addElements(TimestampedValue.of(noId, minutes(1)))
            .advanceWatermarkToInfinity();

    JoinLabels.Result result = join(stream);

    PAssert.that(result.joined()).empty();
    PAssert.that(result.expiredEvents()).containsInAnyOrder(noId);
    PAssert.that(result.unmatchedLabels()).empty();
    PipelineResult run = pipeline.run();
    run.waitUntilFinish();
    assertThat(counter(run, JoinLabels.EXPIRED_EVENTS), is(1L));
  }

  private JoinLabels.Result join(TestStream<Event> stream) {
    PCollection<Event> all = pipeline.apply(stream);
    PCollection<Event> events =
        all.apply("Events", Filter.by((Event e) -> !LABEL_KEY.equals(e.getKey())));
    PCollection<KV<String, Double>> labels =
        all.apply("LabelsOnly", Filter.by((Event e) -> LABEL_KEY.equals(e.getKey())))
            .apply(
                "ToLabels",
                MapElements.into(new TypeDescriptor<KV<String, Double>>() {})
                    .via((Event e) -> KV.of(e.getId(), e.value())))
            .setCoder(KvCoder.of(StringUtf8Coder.of(), DoubleCoder.of()));
    return events.apply("JoinLabels", JoinLabels.within(DELAY).withLabels(labels));
  }

  private static Event event(String id, Instant timestamp, double value) {
    return Event.builder("sensor", timestamp).feature(Event.VALUE, value).id(id).build();
  }

  private static Event label(String id, double label) {
    return Event.builder(LABEL_KEY, BASE).feature(Event.VALUE, label).id(id).build();
  }

  private static Instant minutes(long n) {
    return BASE.plus(Duration.standardMinutes(n));
  }

  private static long counter(PipelineResult result, String name) {
    MetricsFilter filter =
        MetricsFilter.builder()
            .addNameFilter(MetricNameFilter.named(JoinLabels.METRIC_NAMESPACE, name))
            .build();
    long count = 0;
    for (MetricResult<Long> counter : result.metrics().queryMetrics(filter).getCounters()) {
      count += counter.getAttempted();
    }
    return count;
  }
}
