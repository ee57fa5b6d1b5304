package dev.streamml.anomaly;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.instanceOf;
import static org.hamcrest.Matchers.is;
import static org.junit.Assert.assertThrows;

import dev.streamml.anomaly.AnomalyDetectionReference.EwmaDetector;
import dev.streamml.anomaly.threshold.EnsembleDetector;
import dev.streamml.anomaly.threshold.FixedThreshold;
import dev.streamml.anomaly.threshold.OnlineQuantileThreshold;
import dev.streamml.events.Event;
import dev.streamml.events.EventCoder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.testing.CoderProperties;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.windowing.GlobalWindows;
import org.apache.beam.sdk.transforms.windowing.SlidingWindows;
import org.apache.beam.sdk.transforms.windowing.Window;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TimestampedValue;
import org.joda.time.Duration;
import org.joda.time.Instant;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/**
 * Settings, result and coder, the event-time order and the per-key model of {@link
 * AnomalyDetection}, without running a pipeline; the streaming behaviour is in {@link
 * AnomalyDetectionScenarios}.
 */
@RunWith(JUnit4.class)
public class AnomalyDetectionTest {
  private static final Instant T0 = Instant.parse("2025-01-01T00:00:00Z");

  @Test
  public void defaultsArePublicConstants() {
    AnomalyDetection detection = AnomalyDetection.of(new EwmaDetector(3));
    assertThat(detection.threshold().value(), is(AnomalyDetection.DEFAULT_THRESHOLD));
    assertThat(detection.idleTimeout(), is(AnomalyDetection.DEFAULT_IDLE_TIMEOUT));
    assertThat(AnomalyDetection.DEFAULT_THRESHOLD, is(0.99));
    assertThat(AnomalyDetection.DEFAULT_IDLE_TIMEOUT, is(Duration.standardDays(1)));
  }

  @Test
  public void withersReturnCopies() {
    AnomalyDetection base = AnomalyDetection.of(new EwmaDetector(3));
    AnomalyDetection changed = base.withThreshold(0.5).withIdleTimeout(Duration.standardMinutes(5));
    assertThat(changed.threshold().value(), is(0.5));
    assertThat(changed.idleTimeout(), is(Duration.standardMinutes(5)));
    assertThat(base.threshold().value(), is(AnomalyDetection.DEFAULT_THRESHOLD));
    assertThat(base.idleTimeout(), is(AnomalyDetection.DEFAULT_IDLE_TIMEOUT));
    assertThat(
        base.withThreshold(OnlineQuantileThreshold.of(0.99)).threshold(),
        instanceOf(OnlineQuantileThreshold.class));
  }

  @Test
  public void thePrototypeIsCopiedNotShared() {
    EwmaDetector prototype = new EwmaDetector(3);
    AnomalyDetection detection = AnomalyDetection.of(prototype);
    prototype.learn(new double[] {1.0});
    assertThat(detection.prototype().count(), is(0L));
  }

  @Test
  public void settingsAreCheckedWhereTheyAreSet() {
    AnomalyDetection detection = AnomalyDetection.of(new EwmaDetector(3));
    assertThat(
        assertThrows(IllegalArgumentException.class, () -> AnomalyDetection.of(null)).getMessage(),
        containsString("prototype AnomalyDetector is required"));
    for (double bad : new double[] {0.0, -0.1, 1.5, Double.NaN}) {
      assertThat(
          assertThrows(IllegalArgumentException.class, () -> detection.withThreshold(bad))
              .getMessage(),
          containsString("should be in (0, 1]"));
    }
    assertThat(detection.withThreshold(1.0).threshold().value(), is(1.0));
    assertThrows(
        IllegalArgumentException.class,
        () -> detection.withThreshold((dev.streamml.anomaly.threshold.Threshold) null));
    for (Duration bad : Arrays.asList(null, Duration.ZERO, Duration.millis(-1))) {
      assertThat(
          assertThrows(IllegalArgumentException.class, () -> detection.withIdleTimeout(bad))
              .getMessage(),
          containsString("positive duration"));
    }
  }

  @Test
  public void expandPutsWindowedInputIntoTheGlobalWindow() {
    Pipeline pipeline = Pipeline.create(PipelineOptionsFactory.create());
    PCollection<AnomalyResult> results =
        pipeline
            .apply(Create.timestamped(TimestampedValue.of(Event.of("a", T0, 1.0), T0)))
            .apply(Window.into(SlidingWindows.of(Duration.standardMinutes(10))))
            .apply(AnomalyDetection.of(new EwmaDetector(3)));
    assertThat(results.getWindowingStrategy().getWindowFn(), instanceOf(GlobalWindows.class));
    assertThat(results.getCoder(), equalTo(AnomalyResultCoder.of()));
  }

  @Test
  public void resultCoderRoundTripsEveryField() throws Exception {
    Map<String, Double> members = new LinkedHashMap<>();
    members.put("zscore", 0.25);
    members.put("iqr", 1.0);
    Event event =
        Event.builder("meter-1", T0).feature("price", 0.05).feature("demand", 0.4).id("r7").build();
    AnomalyResult result =
        AnomalyResult.builder(event)
            .timestamp(T0.plus(1))
            .score(0.75)
            .label(AnomalyLabel.OUTLIER)
            .threshold(0.7)
            .detectorId("ensemble-max")
            .modelVersion(1234567L)
            .memberScores(members)
            .late(true)
            .build();
    CoderProperties.coderDecodeEncodeEqual(AnomalyResultCoder.of(), result);
    CoderProperties.coderDeterministic(AnomalyResultCoder.of(), result, result);
    CoderProperties.coderSerializable(AnomalyResultCoder.of());
    AnomalyResult plain =
        AnomalyResult.builder(Event.of("a", T0, 3.0))
            .score(0.0)
            .label(AnomalyLabel.WARMUP)
            .threshold(0.99)
            .detectorId("zscore")
            .modelVersion(0)
            .build();
    CoderProperties.coderDecodeEncodeEqual(AnomalyResultCoder.of(), plain);
    assertThat(plain.timestamp(), is(T0));
    assertThat(plain.memberScores().isEmpty() && !plain.isLate(), is(true));
  }

  @Test
  public void resultRejectsMissingOrOutOfRangeFields() {
    AnomalyResult.Builder builder =
        AnomalyResult.builder(Event.of("a", T0, 3.0))
            .score(0.5)
            .label(AnomalyLabel.NORMAL)
            .threshold(0.9)
            .detectorId("zscore")
            .modelVersion(0);
    builder.build();
    assertThrows(IllegalStateException.class, () -> builder.score(1.01).build());
    assertThrows(IllegalStateException.class, () -> builder.score(Double.NaN).build());
    assertThrows(IllegalStateException.class, () -> builder.score(0.5).modelVersion(-1).build());
    assertThrows(
        IllegalStateException.class,
        () ->
            AnomalyResult.builder(Event.of("a", T0, 3.0))
                .score(0.5)
                .threshold(0.9)
                .detectorId("x")
                .modelVersion(0)
                .build());
  }

  @Test
  public void labelCodesAreStable() {
    assertThat(AnomalyLabel.NORMAL.code(), is(0));
    assertThat(AnomalyLabel.OUTLIER.code(), is(1));
    assertThat(AnomalyLabel.WARMUP.code(), is(2));
    for (AnomalyLabel label : AnomalyLabel.values()) {
      assertThat(AnomalyLabel.fromCode(label.code()), is(label));
    }
  }

  @Test
  public void eventTimeOrderSortsByTimestampThenBytesWhateverTheArrivalOrder() {
    TimestampedValue<Event> early = at(1, "a", 5.0);
    TimestampedValue<Event> tieLow = at(2, "a", 1.0);
    TimestampedValue<Event> tieHigh = at(2, "a", 2.0);
    TimestampedValue<Event> late = at(3, "a", 0.0);
    TimestampedValue<Event> waiting = at(9, "a", 0.0);
    List<List<TimestampedValue<Event>>> arrivals =
        Arrays.asList(
            Arrays.asList(waiting, tieHigh, late, early, tieLow),
            Arrays.asList(tieLow, early, waiting, late, tieHigh));
    for (List<TimestampedValue<Event>> arrival : arrivals) {
      EventTimeOrder.Split split = EventTimeOrder.split(arrival, T0.plus(3));
      assertThat(split.due(), contains(early, tieLow, tieHigh, late));
      assertThat(split.waiting(), contains(waiting));
      assertThat(split.nextDue(), is(T0.plus(9)));
    }
    EventTimeOrder.Split none = EventTimeOrder.split(Collections.singletonList(early), T0);
    assertThat(none.due().isEmpty() && none.nextDue().equals(T0.plus(1)), is(true));
    assertThat(EventTimeOrder.split(Collections.emptyList(), T0).nextDue(), is((Instant) null));
  }

  @Test
  public void modelLabelsWarmupThenLearnsAndCountsVersions() {
    AnomalyModel model = AnomalyModel.start(new EwmaDetector(2), FixedThreshold.of(0.9));
    List<AnomalyLabel> labels = new ArrayList<>();
    List<Long> versions = new ArrayList<>();
    for (double value : new double[] {10, 30, 10, 30}) {
      AnomalyResult result = model.score(Event.of("a", T0, value), T0, false);
      model.learn(result);
      labels.add(result.label());
      versions.add(result.modelVersion());
    }
    assertThat(
        labels,
        contains(
            AnomalyLabel.WARMUP, AnomalyLabel.WARMUP, AnomalyLabel.OUTLIER, AnomalyLabel.OUTLIER));
    assertThat(versions, contains(0L, 1L, 2L, 3L));
    AnomalyResult late = model.score(Event.of("a", T0, 10), T0, true);
    assertThat(late.isLate() && late.modelVersion() == 4, is(true));
    assertThat(model.version(), is(4L));
  }

  @Test
  public void modelRejectsAScoreOutsideTheUnitInterval() {
    AnomalyModel model = AnomalyModel.start(new BrokenDetector(), FixedThreshold.of(0.9));
    IllegalStateException thrown =
        assertThrows(
            IllegalStateException.class, () -> model.score(Event.of("a", T0, 1), T0, false));
    assertThat(thrown.getMessage(), containsString("'broken' scored 1.5, outside [0, 1]"));
  }

  @Test
  public void ensembleMemberScoresAreReportedByMemberId() {
    EnsembleDetector ensemble =
        EnsembleDetector.max(
            Arrays.asList(
                new EwmaDetector("slow", 1),
                new EwmaDetector("fast", 1),
                new EwmaDetector("fast", 1)));
    AnomalyModel model = AnomalyModel.start(ensemble, FixedThreshold.of(0.9));
    model.learn(model.score(Event.of("a", T0, 10), T0, false));
    AnomalyResult result = model.score(Event.of("a", T0, 12), T0, false);
    Map<String, Double> expected = new LinkedHashMap<>();
    expected.put("slow", 2.0 / 3.0);
    expected.put("fast#1", 2.0 / 3.0);
    expected.put("fast#2", 2.0 / 3.0);
    assertThat(result.memberScores(), equalTo(expected));
    assertThat(result.score(), is(2.0 / 3.0));
    assertThat(result.detectorId(), is("ensemble-max"));
  }

  @Test
  public void singleDetectorHasNoMemberScores() {
    AnomalyModel model = AnomalyModel.start(new EwmaDetector(1), FixedThreshold.of(0.9));
    assertThat(model.score(Event.of("a", T0, 10), T0, false).memberScores().isEmpty(), is(true));
  }

  @Test
  public void eventCoderBytesAreWhatTiesAreBrokenBy() throws Exception {
    // The documented tie-break: a change to EventCoder would silently reorder ties.
    byte[] one =
        org.apache.beam.sdk.util.CoderUtils.encodeToByteArray(
            EventCoder.of(), Event.of("a", T0, 1.0));
    byte[] two =
        org.apache.beam.sdk.util.CoderUtils.encodeToByteArray(
            EventCoder.of(), Event.of("a", T0, 2.0));
    assertThat(Arrays.compareUnsigned(one, two) < 0, is(true));
  }

  private static TimestampedValue<Event> at(long millis, String key, double value) {
    Instant timestamp = T0.plus(millis);
    return TimestampedValue.of(Event.of(key, timestamp, value), timestamp);
  }

  /** Breaks the detector contract with a score of 1.5. */
  private static final class BrokenDetector implements AnomalyDetector {
    @Override
    public String id() {
      return "broken";
    }

    @Override
    public boolean isWarm() {
      return true;
    }

    @Override
    public double score(double[] point) {
      return 1.5;
    }

    @Override
    public void learn(double[] point) {}

    @Override
    public long count() {
      return 0;
    }

    @Override
    public AnomalyDetector copy() {
      return this;
    }
  }
}
