package dev.streamml.online.beam;

import static org.junit.Assert.assertEquals;

import dev.streamml.events.Event;
import dev.streamml.events.EventCoder;
import dev.streamml.online.HoeffdingTreeParams;
import dev.streamml.online.OnlineLeveragingBagging;
import dev.streamml.online.OnlineLinearRegression;
import dev.streamml.online.OnlineModel;
import dev.streamml.testing.RunnerUnderTest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.testing.TestStream;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TimestampedValue;
import org.joda.time.Instant;
import org.junit.Rule;
import org.junit.Test;

/**
 * Scenarios of {@link PrequentialLearning} run on every runner: each compares the pipeline's
 * predictions with those of a plain loop that predicts then learns each key's events in time
 * order, so passing on Direct and Flink also means both runners give identical predictions.
 */
public abstract class PrequentialLearningScenarios {
  private static final Instant EPOCH = Instant.parse("2024-01-01T00:00:00Z");
  private static final String[] KEYS = {"meter-a", "meter-b"};
  private static final int EVENTS_PER_KEY = 400;

  @Rule public final transient TestPipeline pipeline;

  protected PrequentialLearningScenarios(RunnerUnderTest runner) {
    this.pipeline = runner.newPipeline();
  }

  /** Small and fast, but a tree ensemble: its predictions change as it learns. */
  static OnlineModel model() {
    return OnlineLeveragingBagging.of(
        HoeffdingTreeParams.defaults().withGracePeriod(25), 3, 6.0, 7L);
  }

  /** Two keys of labelled events, a second apart, with a regime change halfway. */
  static List<TimestampedValue<Event>> events() {
    Random random = new Random(42);
    List<TimestampedValue<Event>> events = new ArrayList<>();
    for (String key : KEYS) {
      double level = 0;
      for (int i = 0; i < EVENTS_PER_KEY; i++) {
        level += random.nextGaussian() * 0.1;
        double x = random.nextDouble();
        double threshold = i < EVENTS_PER_KEY / 2 ? 0.5 : 0.3;
        double label = (x + 0.2 * level > threshold) ^ (random.nextDouble() < 0.1) ? 1.0 : 0.0;
        Instant timestamp = EPOCH.plus(org.joda.time.Duration.standardSeconds(i));
        events.add(
            TimestampedValue.of(
                Event.builder(key, timestamp)
                    .feature("x", x)
                    .feature("level", level)
                    .label(label)
                    .id(key + "-" + i)
                    .build(),
                timestamp));
      }
    }
    return events;
  }

  /** What a plain predict-then-learn loop over each key's events in time order gives. */
  static List<Prediction> expected(List<TimestampedValue<Event>> events, boolean causal) {
    List<Prediction> predictions = new ArrayList<>();
    for (String key : KEYS) {
      OnlineModel model = model();
      Event previous = null;
      Double lastLabel = null;
      for (TimestampedValue<Event> tv : events) {
        Event event = tv.getValue();
        if (!event.getKey().equals(key)) {
          continue;
        }
        double[] row = causal ? CausalFeatures.of(event, previous, lastLabel) : event.values();
        double[] proba = model.predictProba(row);
        predictions.add(
            new Prediction(
                key,
                tv.getTimestamp(),
                event.getId(),
                proba[1] > proba[0] ? 1 : 0,
                proba,
                event.getLabel(),
                model.version(),
                false));
        model.learn(row, event.getLabel());
        previous = event;
        lastLabel = event.getLabel();
      }
    }
    return predictions;
  }

  @Test
  public void predictsEachEventBeforeLearningItLikeAPlainLoop() {
    List<TimestampedValue<Event>> events = events();
    PCollection<Prediction> predictions =
        pipeline
            .apply(Create.timestamped(events).withCoder(EventCoder.of()))
            .apply(PrequentialLearning.of(model()).withCausalFeatures());
    PAssert.that(predictions).containsInAnyOrder(expected(events, true));
    pipeline.run().waitUntilFinish();
  }

  @Test
  public void rawFeaturesLikeAPlainLoop() {
    List<TimestampedValue<Event>> events = events();
    PCollection<Prediction> predictions =
        pipeline
            .apply(Create.timestamped(events).withCoder(EventCoder.of()))
            .apply(PrequentialLearning.of(model()));
    PAssert.that(predictions).containsInAnyOrder(expected(events, false));
    pipeline.run().waitUntilFinish();
  }

  @Test
  public void shuffledArrivalGivesTheSamePredictions() {
    List<TimestampedValue<Event>> events = events();
    List<TimestampedValue<Event>> shuffled = new ArrayList<>(events);
    Collections.shuffle(shuffled, new Random(3));
    // Arrives in shuffled chunks, the watermark advancing between chunks only past events that
    // have all arrived, so none is late but each release sees a disordered buffer.
    TestStream.Builder<Event> stream = TestStream.create(EventCoder.of());
    List<TimestampedValue<Event>> sent = new ArrayList<>();
    int chunk = 100;
    for (int start = 0; start < shuffled.size(); start += chunk) {
      List<TimestampedValue<Event>> part =
          shuffled.subList(start, Math.min(shuffled.size(), start + chunk));
      stream = stream.addElements(part.get(0), part.subList(1, part.size()).toArray(new TimestampedValue[0]));
      sent.addAll(part);
      Instant safe = earliestUnsent(events, sent);
      if (safe != null) {
        stream = stream.advanceWatermarkTo(safe.minus(org.joda.time.Duration.millis(1)));
      }
    }
    PCollection<Prediction> predictions =
        pipeline
            .apply(stream.advanceWatermarkToInfinity())
            .apply(PrequentialLearning.of(model()).withCausalFeatures());
    PAssert.that(predictions).containsInAnyOrder(expected(events, true));
    pipeline.run().waitUntilFinish();
  }

  @Test
  public void regressorPredictsValuesLikeAPlainLoop() {
    List<TimestampedValue<Event>> events = new ArrayList<>();
    List<Prediction> expected = new ArrayList<>();
    OnlineLinearRegression reference = OnlineLinearRegression.create();
    Random random = new Random(5);
    for (int i = 0; i < 200; i++) {
      Instant at = EPOCH.plus(org.joda.time.Duration.standardSeconds(i));
      double x = random.nextDouble();
      double y = 3 * x - 1 + random.nextGaussian() * 0.05;
      Event event = Event.builder("r", at).feature("x", x).label(y).build();
      events.add(TimestampedValue.of(event, at));
      expected.add(
          Prediction.ofValue("r", at, null, reference.predict(new double[] {x}), y, i));
      reference.learn(new double[] {x}, y);
    }
    PCollection<Prediction> predictions =
        pipeline
            .apply(Create.timestamped(events).withCoder(EventCoder.of()))
            .apply(PrequentialLearning.of(OnlineLinearRegression.create()));
    PAssert.that(predictions).containsInAnyOrder(expected);
    pipeline.run().waitUntilFinish();
  }

  private static Instant earliestUnsent(
      List<TimestampedValue<Event>> all, List<TimestampedValue<Event>> sent) {
    Instant earliest = null;
    for (TimestampedValue<Event> event : all) {
      if (!sent.contains(event)
          && (earliest == null || event.getTimestamp().isBefore(earliest))) {
        earliest = event.getTimestamp();
      }
    }
    return earliest;
  }

  /** Plain-loop check of the loop itself: version counts the events learned before. */
  @Test
  public void expectedPredictionsCarryTheVersionBeforeLearning() {
    List<Prediction> expected = expected(events(), true);
    assertEquals(0, expected.get(0).modelVersion());
    assertEquals(EVENTS_PER_KEY - 1, expected.get(EVENTS_PER_KEY - 1).modelVersion());
  }
}
