package dev.streamml.online.beam;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import dev.streamml.events.Event;
import dev.streamml.events.EventCoder;
import dev.streamml.online.OnlineGaussianNaiveBayes;
import dev.streamml.online.OnlineModel;
import dev.streamml.testing.RunnerUnderTest;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.testing.TestStream;
import org.apache.beam.sdk.values.TimestampedValue;
import org.joda.time.Duration;
import org.joda.time.Instant;
import org.junit.Rule;
import org.junit.Test;

/**
 * Scenarios of {@link GlobalModel} on every runner, against a plain reference: one Gaussian NB
 * learning, in time order, every labelled event before a batch boundary. Merging batch shares
 * changes the floating-point order only, hence a tolerance.
 */
public abstract class GlobalModelScenarios {
  private static final Instant T0 = Instant.parse("2024-05-01T12:00:00Z");
  private static final Duration MINUTE = Duration.standardMinutes(1);
  private static final double TOLERANCE = 1e-9;

  @Rule public final transient TestPipeline pipeline;
  private final boolean newestHonestVersion;

  /**
   * @param newestHonestVersion whether the runner applies each side-input update before the next
   *     TestStream step (the Direct runner does): then each event uses the newest model from before
   *     its batch, not just an honest one
   */
  protected GlobalModelScenarios(RunnerUnderTest runner, boolean newestHonestVersion) {
    this.pipeline = runner.newPipeline();
    this.newestHonestVersion = newestHonestVersion;
  }

  /** Minutes 0-2 with labelled and unlabelled events of two keys; minute 3 unlabelled only. */
  static List<List<TimestampedValue<Event>>> minutes() {
    Random random = new Random(21);
    List<List<TimestampedValue<Event>>> minutes = new ArrayList<>();
    for (int m = 0; m < 4; m++) {
      List<TimestampedValue<Event>> events = new ArrayList<>();
      for (int s = 0; s < 60; s += 2) {
        for (String key : new String[] {"a", "b"}) {
          Instant at = T0.plus(MINUTE.multipliedBy(m)).plus(Duration.standardSeconds(s));
          double x = random.nextDouble();
          double y = random.nextGaussian();
          Event.Builder event = Event.builder(key, at).feature("x", x).feature("y", y).id(key + at.getMillis());
          if (m < 3 && s % 14 != 0) {
            event.label(x + 0.2 * y > 0.5 ? 1.0 : 0.0);
          }
          events.add(TimestampedValue.of(event.build(), at));
        }
      }
      minutes.add(events);
    }
    return minutes;
  }

  /** The reference model after each batch boundary, by version (rows learned), and by boundary. */
  static final class Reference implements Serializable {
    final TreeMap<Long, OnlineModel> byVersion = new TreeMap<>();
    final TreeMap<Instant, Long> versionAtBoundary = new TreeMap<>();

    Reference(List<List<TimestampedValue<Event>>> minutes) {
      OnlineModel model = OnlineGaussianNaiveBayes.create(2);
      byVersion.put(0L, model.copy());
      versionAtBoundary.put(T0, 0L);
      for (int m = 0; m < minutes.size(); m++) {
        for (TimestampedValue<Event> tv : minutes.get(m)) {
          Event e = tv.getValue();
          if (e.getLabel() != null) {
            model.learn(e.values(), e.getLabel());
          }
        }
        byVersion.put(model.version(), model.copy());
        versionAtBoundary.put(T0.plus(MINUTE.multipliedBy(m + 1)), model.version());
      }
    }
  }

  @Test
  public void learnsInBatchesAndPredictsEachEventWithAModelFromBeforeIt() {
    List<List<TimestampedValue<Event>>> minutes = minutes();
    Reference reference = new Reference(minutes);
    Map<String, Event> byId = new HashMap<>();
    TestStream.Builder<Event> stream = TestStream.create(EventCoder.of());
    for (int m = 0; m < minutes.size(); m++) {
      List<TimestampedValue<Event>> events = minutes.get(m);
      events.forEach(tv -> byId.put(tv.getValue().getId(), tv.getValue()));
      stream =
          stream
              .addElements(events.get(0), events.subList(1, events.size()).toArray(new TimestampedValue[0]))
              .advanceWatermarkTo(T0.plus(MINUTE.multipliedBy(m + 1)));
    }
    GlobalModel.Result global =
        pipeline
            .apply(stream.advanceWatermarkToInfinity())
            .apply(GlobalModel.of(OnlineGaussianNaiveBayes.create(2)).everyBatchOf(MINUTE));

    PAssert.that(global.models())
        .satisfies(
            models -> {
              List<Long> versions = new ArrayList<>();
              for (KeyedModelSnapshot model : models) {
                versions.add(model.version());
                assertEquals(GlobalModel.GLOBAL_KEY, model.key());
                assertEquals(
                    model.toString(),
                    reference.versionAtBoundary.get(model.eventTime()),
                    Long.valueOf(model.version()));
                assertSamePredictions(reference.byVersion.get(model.version()), model.restore());
              }
              versions.sort(Long::compare);
              // Minute 3 has no label: three batches, three versions.
              assertEquals(
                  new ArrayList<>(reference.versionAtBoundary.values()).subList(1, 4), versions);
              return null;
            });
    boolean newest = newestHonestVersion;
    PAssert.that(global.predictions())
        .satisfies(
            predictions -> {
              int count = 0;
              for (Prediction p : predictions) {
                count++;
                Event event = byId.get(p.id());
                assertNotNull(p.toString(), event);
                long honest = reference.versionAtBoundary.floorEntry(p.timestamp()).getValue();
                OnlineModel used = reference.byVersion.get(p.modelVersion());
                assertNotNull("version " + p.modelVersion() + " is no batch boundary", used);
                assertTrue(p + " used a model that learned its own label", p.modelVersion() <= honest);
                if (newest) {
                  assertEquals(p.toString(), honest, p.modelVersion());
                }
                assertArrayEquals(
                    p.toString(), used.predictProba(event.values()), p.probabilities(), TOLERANCE);
                assertEquals(event.getLabel(), p.actual());
              }
              assertEquals(byId.size(), count);
              return null;
            });
    pipeline.run().waitUntilFinish();
  }

  /** All events at once: every model may be broadcast before scoring, so the rule matters. */
  @Test
  public void boundedInputNeverUsesAModelThatLearnedTheEvent() {
    List<List<TimestampedValue<Event>>> minutes = minutes();
    Reference reference = new Reference(minutes);
    List<TimestampedValue<Event>> all = new ArrayList<>();
    Map<String, Event> byId = new HashMap<>();
    minutes.forEach(all::addAll);
    all.forEach(tv -> byId.put(tv.getValue().getId(), tv.getValue()));
    GlobalModel.Result global =
        pipeline
            .apply(org.apache.beam.sdk.transforms.Create.timestamped(all).withCoder(EventCoder.of()))
            .apply(
                GlobalModel.of(OnlineGaussianNaiveBayes.create(2))
                    .everyBatchOf(MINUTE)
                    .keepingVersions(10));
    PAssert.that(global.predictions())
        .satisfies(
            predictions -> {
              int count = 0;
              for (Prediction p : predictions) {
                count++;
                long honest = reference.versionAtBoundary.floorEntry(p.timestamp()).getValue();
                assertTrue(p + " used a model that learned its own label", p.modelVersion() <= honest);
                assertArrayEquals(
                    reference.byVersion.get(p.modelVersion()).predictProba(byId.get(p.id()).values()),
                    p.probabilities(),
                    TOLERANCE);
              }
              assertEquals(byId.size(), count);
              return null;
            });
    pipeline.run().waitUntilFinish();
  }

  private static void assertSamePredictions(OnlineModel expected, OnlineModel actual) {
    for (double x = 0; x <= 1; x += 0.1) {
      for (double y = -2; y <= 2; y += 0.5) {
        double[] row = {x, y};
        assertArrayEquals(expected.predictProba(row), actual.predictProba(row), TOLERANCE);
      }
    }
  }
}
