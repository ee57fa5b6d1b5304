package dev.streamml.drift;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import dev.streamml.testing.RunnerUnderTest;
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
import org.apache.beam.sdk.util.CoderUtils;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TimestampedValue;
import org.joda.time.Instant;
import org.junit.Rule;
import org.junit.Test;

/** {@link DetectDrift} on the Direct runner with TestStream. */
public class DetectDriftTest {

  @Rule public final transient TestPipeline pipeline = RunnerUnderTest.DIRECT.newPipeline();

  /** The hand-checked Page-Hinkley case of {@link PageHinkleyTest}: drift at the 5th value. */
  private static PageHinkley handCheckedDetector() {
    return PageHinkley.create().withMinInstances(1).withDelta(0.1).withAlpha(1).withThreshold(8);
  }

  private static TimestampedValue<KV<String, Double>> value(String key, double x, long second) {
    return TimestampedValue.of(KV.of(key, x), at(second));
  }

  private static Instant at(long second) {
    return new Instant(second * 1000);
  }

  private static TestStream.Builder<KV<String, Double>> stream() {
    return TestStream.create(KvCoder.of(StringUtf8Coder.of(), DoubleCoder.of()))
        .advanceWatermarkTo(at(0));
  }

  /**
   * Key "a" has values 1, 2, 3, 4, 10 at seconds 1-5 but they arrive as 10, 3, 1, 2, 4: in event
   * order they drift at second 5 (increase statistic 8.6 > 8), in arrival order they would not (10
   * first makes the rest a decrease). Key "b" gets the same arrival order in event order too (10 at
   * second 1): no drift, the decrease statistic peaks at 7.53 < 8.
   */
  @Test
  public void detectsPerKeyInEventTimeOrder() {
    TestStream<KV<String, Double>> input =
        stream()
            .addElements(value("a", 10, 5), value("a", 3, 3), value("b", 10, 1))
            .addElements(value("a", 1, 1), value("b", 1, 2), value("a", 2, 2))
            .addElements(value("b", 2, 3), value("a", 4, 4), value("b", 3, 4), value("b", 4, 5))
            .advanceWatermarkToInfinity();

    PCollection<DriftEvent> events =
        pipeline.apply(input).apply(DetectDrift.of(handCheckedDetector()));

    PAssert.that(events)
        .containsInAnyOrder(DriftEvent.of("a", at(5), "page-hinkley", DriftState.DRIFT, 1, 5));
    pipeline.run();
  }

  /**
   * Values behind their key's last fed value are dropped and counted; the key's stream is the
   * on-time one: 1, 2, 3, 4 (seconds 1-4), then 10 at second 6 after a late 100 at second 2.
   */
  @Test
  public void dropsLateValuesAndCountsThem() {
    TestStream<KV<String, Double>> input =
        stream()
            .addElements(value("a", 1, 1), value("a", 2, 2), value("a", 3, 3), value("a", 4, 4))
            .advanceWatermarkTo(at(5))
            .addElements(value("a", 100, 2), value("a", 10, 6))
            .advanceWatermarkToInfinity();

    PCollection<DriftEvent> events =
        pipeline.apply(input).apply(DetectDrift.of(handCheckedDetector()));

    PAssert.that(events)
        .containsInAnyOrder(DriftEvent.of("a", at(6), "page-hinkley", DriftState.DRIFT, 1, 5));
    PipelineResult result = pipeline.run();
    result.waitUntilFinish();
    MetricQueryResults metrics =
        result
            .metrics()
            .queryMetrics(
                MetricsFilter.builder()
                    .addNameFilter(
                        MetricNameFilter.named(
                            DetectDrift.METRIC_NAMESPACE, DetectDrift.LATE_VALUES))
                    .build());
    long late = 0;
    for (MetricResult<Long> counter : metrics.getCounters()) {
      late += counter.getAttempted();
    }
    assertEquals(1, late);
  }

  /**
   * DDM over 5,600 0/1 errors (seed 3 of {@link DdmTest}, error rate 0.1 then 0.5 from the 5,000th)
   * all arriving at once: the transform reports what the detector reports when fed directly, one
   * event per entry into the warning zone and one per drift, the last being the drift after the
   * change.
   */
  @Test
  public void reportsWarningEntriesAndDriftsLikeTheDetector() {
    double[] errors = Streams.bernoulli(3, 5_600, 5_000, 0.1, 0.5);
    Ddm reference = Ddm.create();
    java.util.List<DriftEvent> expected = new java.util.ArrayList<>();
    java.util.List<TimestampedValue<KV<String, Double>>> values = new java.util.ArrayList<>();
    DriftState before = DriftState.NONE;
    for (int i = 0; i < errors.length; i++) {
      values.add(value("model", errors[i], i + 1));
      DriftState state = reference.update(errors[i]);
      if (state == DriftState.DRIFT || (state == DriftState.WARNING && before != state)) {
        expected.add(
            DriftEvent.of(
                "model", at(i + 1), "ddm", state, reference.detections(), reference.count()));
      }
      before = state;
    }
    DriftEvent last = expected.get(expected.size() - 1);
    assertEquals(DriftState.DRIFT, last.state());
    assertTrue(last.timestamp().isAfter(at(5_000)));

    @SuppressWarnings("unchecked")
    TimestampedValue<KV<String, Double>>[] rest = new TimestampedValue[0];
    TestStream<KV<String, Double>> input =
        stream()
            .addElements(values.get(0), values.subList(1, values.size()).toArray(rest))
            .advanceWatermarkToInfinity();
    PCollection<DriftEvent> events = pipeline.apply(input).apply(DetectDrift.of(Ddm.create()));
    PAssert.that(events).containsInAnyOrder(expected);
    pipeline.run();
  }

  @Test
  public void coderRoundTrips() throws Exception {
    DriftEvent event = DriftEvent.of("k", at(42), "adwin", DriftState.WARNING, 3, 1234);
    byte[] bytes = CoderUtils.encodeToByteArray(DriftEventCoder.of(), event);
    assertEquals(event, CoderUtils.decodeFromByteArray(DriftEventCoder.of(), bytes));
  }

  @Test
  public void rejectsNullPrototype() {
    assertThrows(IllegalArgumentException.class, () -> DetectDrift.of(null));
  }
}
