package dev.streamml.online.beam;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;

import dev.streamml.events.Event;
import dev.streamml.events.EventCoder;
import dev.streamml.online.ModelSnapshot;
import dev.streamml.online.OnlineModel;
import dev.streamml.online.OnlineModels;
import dev.streamml.testing.RunnerUnderTest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.coders.CoderException;
import org.apache.beam.sdk.metrics.MetricNameFilter;
import org.apache.beam.sdk.metrics.MetricQueryResults;
import org.apache.beam.sdk.metrics.MetricResult;
import org.apache.beam.sdk.metrics.MetricsFilter;
import org.apache.beam.sdk.testing.CoderProperties;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.testing.TestStream;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TimestampedValue;
import org.joda.time.Duration;
import org.joda.time.Instant;
import org.junit.Rule;
import org.junit.Test;

/**
 * Idle timeout, versioned snapshots and warm start of {@link PrequentialLearning}, each compared
 * with a plain predict-then-learn loop. Direct runner only.
 */
public class PrequentialLearningSnapshotsTest {
  private static final Duration TIMEOUT = Duration.standardHours(1);

  @Rule public final transient TestPipeline pipeline = RunnerUnderTest.DIRECT.newPipeline();

  /** The scenario events with, for each key, a gap of {@code gap} before event {@code at}. */
  static List<TimestampedValue<Event>> withGap(int at, Duration gap) {
    List<TimestampedValue<Event>> shifted = new ArrayList<>();
    Map<String, Integer> index = new HashMap<>();
    for (TimestampedValue<Event> tv : PrequentialLearningScenarios.events()) {
      int i = index.merge(tv.getValue().getKey(), 1, Integer::sum) - 1;
      if (i < at) {
        shifted.add(tv);
        continue;
      }
      Instant t = tv.getTimestamp().plus(gap);
      Event e = tv.getValue();
      Event.Builder b = Event.builder(e.getKey(), t).id(e.getId()).label(e.getLabel());
      for (int f = 0; f < e.size(); f++) {
        b = b.feature(e.getFeatureNames().get(f), e.valueAt(f));
      }
      shifted.add(TimestampedValue.of(b.build(), t));
    }
    return shifted;
  }

  /**
   * The plain loop, per key in time order, starting each model from {@code start} (or a fresh
   * {@link PrequentialLearningScenarios#model()}) and again, without causal history, after a gap
   * of at least {@code timeout}.
   */
  static List<Prediction> plainLoop(
      List<TimestampedValue<Event>> events,
      boolean causal,
      Duration timeout,
      Map<String, ModelSnapshot> start) {
    Map<String, List<TimestampedValue<Event>>> byKey = new TreeMap<>();
    for (TimestampedValue<Event> tv : events) {
      byKey.computeIfAbsent(tv.getValue().getKey(), k -> new ArrayList<>()).add(tv);
    }
    List<Prediction> predictions = new ArrayList<>();
    for (Map.Entry<String, List<TimestampedValue<Event>>> key : byKey.entrySet()) {
      key.getValue().sort(PrequentialLearning.ORDER);
      OnlineModel model = null;
      Event previous = null;
      Double lastLabel = null;
      Instant last = null;
      for (TimestampedValue<Event> tv : key.getValue()) {
        if (model == null || !tv.getTimestamp().isBefore(last.plus(timeout))) {
          ModelSnapshot initial = start.get(key.getKey());
          model =
              initial == null
                  ? PrequentialLearningScenarios.model()
                  : OnlineModels.fromSnapshot(initial);
          previous = null;
          lastLabel = null;
        }
        Event event = tv.getValue();
        double[] row = causal ? CausalFeatures.of(event, previous, lastLabel) : event.values();
        double[] proba = model.predictProba(row);
        predictions.add(
            new Prediction(
                key.getKey(),
                tv.getTimestamp(),
                event.getId(),
                PrequentialLearning.argMax(proba),
                proba,
                event.getLabel(),
                model.version(),
                false));
        model.learn(row, event.getLabel());
        previous = event;
        lastLabel = event.getLabel();
        last = tv.getTimestamp();
      }
    }
    return predictions;
  }

  /** The model a plain loop has after learning the first {@code n} events of {@code key}. */
  static OnlineModel plainModelAfter(List<TimestampedValue<Event>> events, String key, long n) {
    OnlineModel model = PrequentialLearningScenarios.model();
    for (TimestampedValue<Event> tv : events) {
      if (model.version() == n) {
        break;
      }
      if (tv.getValue().getKey().equals(key)) {
        model.learn(tv.getValue().values(), tv.getValue().getLabel());
      }
    }
    return model;
  }

  private static long counter(PipelineResult result, String name) {
    MetricQueryResults metrics =
        result
            .metrics()
            .queryMetrics(
                MetricsFilter.builder()
                    .addNameFilter(
                        MetricNameFilter.named(PrequentialLearning.METRIC_NAMESPACE, name))
                    .build());
    long total = 0;
    for (MetricResult<Long> counter : metrics.getCounters()) {
      total += counter.getAttempted();
    }
    return total;
  }

  @Test
  public void aGapOfTheIdleTimeoutStartsANewModelWithoutHistory() {
    // Exactly the timeout after the previous event: a new model, version 0, no causal history.
    List<TimestampedValue<Event>> events = withGap(250, TIMEOUT.minus(Duration.standardSeconds(1)));
    List<Prediction> expected = plainLoop(events, true, TIMEOUT, Map.of());
    assertEquals(4, expected.stream().filter(p -> p.modelVersion() == 0).count());
    PCollection<Prediction> predictions =
        pipeline
            .apply(Create.timestamped(events).withCoder(EventCoder.of()))
            .apply(
                PrequentialLearning.of(PrequentialLearningScenarios.model())
                    .withCausalFeatures()
                    .withIdleTimeout(TIMEOUT));
    PAssert.that(predictions).containsInAnyOrder(expected);
    PipelineResult result = pipeline.run();
    result.waitUntilFinish();
    // Two restarts at release, then both keys cleared when the watermark passes their deadline.
    assertEquals(4, counter(result, PrequentialLearning.STATE_CLEARED));
  }

  @Test
  public void idleTimerFiringBeforeTheKeyComesBackClearsIt() {
    List<TimestampedValue<Event>> events = withGap(250, Duration.standardHours(3));
    Instant firstAfterGap = null;
    for (TimestampedValue<Event> tv : events) {
      if (tv.getValue().getId().endsWith("-250")) {
        firstAfterGap = tv.getTimestamp();
      }
    }
    TestStream.Builder<Event> stream = TestStream.create(EventCoder.of());
    for (TimestampedValue<Event> tv : events) {
      if (tv.getTimestamp().isBefore(firstAfterGap)) {
        stream = stream.addElements(tv);
      }
    }
    // The watermark passes the idle deadline, so the idle timer fires before the key is back.
    stream = stream.advanceWatermarkTo(firstAfterGap.minus(Duration.standardMinutes(30)));
    for (TimestampedValue<Event> tv : events) {
      if (!tv.getTimestamp().isBefore(firstAfterGap)) {
        stream = stream.addElements(tv);
      }
    }
    PCollection<Prediction> predictions =
        pipeline
            .apply(stream.advanceWatermarkToInfinity())
            .apply(
                PrequentialLearning.of(PrequentialLearningScenarios.model())
                    .withCausalFeatures()
                    .withIdleTimeout(TIMEOUT));
    PAssert.that(predictions).containsInAnyOrder(plainLoop(events, true, TIMEOUT, Map.of()));
    PipelineResult result = pipeline.run();
    result.waitUntilFinish();
    // Both keys cleared by the idle timer during the gap, then again at the end of the stream.
    assertEquals(4, counter(result, PrequentialLearning.STATE_CLEARED));
  }

  @Test
  public void aShorterGapKeepsTheModel() {
    List<TimestampedValue<Event>> events = withGap(250, TIMEOUT.minus(Duration.standardSeconds(2)));
    List<Prediction> expected = plainLoop(events, true, TIMEOUT, Map.of());
    assertEquals(2, expected.stream().filter(p -> p.modelVersion() == 0).count());
    PCollection<Prediction> predictions =
        pipeline
            .apply(Create.timestamped(events).withCoder(EventCoder.of()))
            .apply(
                PrequentialLearning.of(PrequentialLearningScenarios.model())
                    .withCausalFeatures()
                    .withIdleTimeout(TIMEOUT));
    PAssert.that(predictions).containsInAnyOrder(expected);
    PipelineResult result = pipeline.run();
    result.waitUntilFinish();
    // Only the end of the stream clears the keys.
    assertEquals(2, counter(result, PrequentialLearning.STATE_CLEARED));
  }

  @Test
  public void snapshotsEveryNLearnsRestoreToThePlainLoopModel() {
    List<TimestampedValue<Event>> events = PrequentialLearningScenarios.events();
    PrequentialLearning.Result result =
        pipeline
            .apply(Create.timestamped(events).withCoder(EventCoder.of()))
            .apply(
                PrequentialLearning.of(PrequentialLearningScenarios.model())
                    .withSnapshotsEvery(50));
    PAssert.that(result.predictions())
        .containsInAnyOrder(PrequentialLearningScenarios.expected(events, false));
    PAssert.that(result.snapshots())
        .satisfies(
            snapshots -> {
              // Recomputed here: TimestampedValue is not serializable, so the lambda captures none.
              List<TimestampedValue<Event>> all = PrequentialLearningScenarios.events();
              Map<String, List<Long>> versions = new TreeMap<>();
              for (KeyedModelSnapshot s : snapshots) {
                versions.computeIfAbsent(s.key(), k -> new ArrayList<>()).add(s.version());
                assertEquals(s.version(), s.snapshot().version());
                // Event i (from 0) is at EPOCH + i seconds: version v was reached at event v - 1.
                assertEquals(
                    Instant.parse("2024-01-01T00:00:00Z")
                        .plus(Duration.standardSeconds(s.version() - 1)),
                    s.eventTime());
                OnlineModel restored = s.restore();
                OnlineModel plain = plainModelAfter(all, s.key(), s.version());
                assertEquals(plain.version(), restored.version());
                for (TimestampedValue<Event> tv : all) {
                  assertArrayEquals(
                      plain.predictProba(tv.getValue().values()),
                      restored.predictProba(tv.getValue().values()),
                      0.0);
                }
              }
              List<Long> every50 = new ArrayList<>();
              for (long v = 50; v <= 400; v += 50) {
                every50.add(v);
              }
              assertEquals(2, versions.size());
              for (List<Long> v : versions.values()) {
                v.sort(null);
                assertEquals(every50, v);
              }
              return null;
            });
    pipeline.run().waitUntilFinish();
  }

  @Test
  public void warmStartContinuesLikeAnUninterruptedLoop() {
    List<TimestampedValue<Event>> events = PrequentialLearningScenarios.events();
    int split = 130;
    Map<String, ModelSnapshot> initial = new HashMap<>();
    List<TimestampedValue<Event>> rest = new ArrayList<>();
    for (String key : new String[] {"meter-a", "meter-b"}) {
      initial.put(key, plainModelAfter(events, key, split).snapshot());
    }
    for (TimestampedValue<Event> tv : events) {
      int i = Integer.parseInt(tv.getValue().getId().substring(tv.getValue().getId().lastIndexOf('-') + 1));
      if (i >= split) {
        rest.add(tv);
      }
    }
    List<Prediction> expected = new ArrayList<>();
    for (Prediction p : PrequentialLearningScenarios.expected(events, false)) {
      if (p.modelVersion() >= split) {
        expected.add(p);
      }
    }
    assertEquals(2 * (400 - split), expected.size());
    PrequentialLearning.Result result =
        pipeline
            .apply(Create.timestamped(rest).withCoder(EventCoder.of()))
            .apply(
                PrequentialLearning.of(PrequentialLearningScenarios.model())
                    .withInitialModels(initial)
                    .withSnapshotsEvery(100));
    PAssert.that(result.predictions()).containsInAnyOrder(expected);
    PAssert.that(result.snapshots())
        .satisfies(
            snapshots -> {
              List<TimestampedValue<Event>> all = PrequentialLearningScenarios.events();
              int count = 0;
              for (KeyedModelSnapshot s : snapshots) {
                count++;
                assertEquals(0, s.version() % 100);
                assertEquals(
                    plainModelAfter(all, s.key(), s.version()).snapshot(), s.snapshot());
              }
              assertEquals(2 * 3, count); // 200, 300, 400
              return null;
            });
    pipeline.run().waitUntilFinish();
  }

  @Test
  public void keyedSnapshotCoderRoundTrips() throws Exception {
    OnlineModel model = plainModelAfter(PrequentialLearningScenarios.events(), "meter-a", 60);
    CoderProperties.coderDecodeEncodeEqual(
        KeyedModelSnapshotCoder.of(),
        new KeyedModelSnapshot("meter-a", 60, Instant.parse("2024-01-01T00:00:59Z"), model.snapshot()));
  }

  @Test
  public void rejectsBadSettings() {
    PrequentialLearning learning = PrequentialLearning.of(PrequentialLearningScenarios.model());
    assertThrows(IllegalArgumentException.class, () -> learning.withIdleTimeout(Duration.ZERO));
    assertThrows(IllegalArgumentException.class, () -> learning.withSnapshotsEvery(0));
    assertThrows(IllegalArgumentException.class, () -> learning.withInitialModels(null));
    assertEquals(PrequentialLearning.DEFAULT_IDLE_TIMEOUT, learning.idleTimeout());
  }
}
