package dev.streamml.eval.stream;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import dev.streamml.online.beam.Prediction;
import dev.streamml.online.beam.PredictionCoder;
import dev.streamml.testing.RunnerUnderTest;
import dev.streamml.windowing.LateElement;
import dev.streamml.windowing.TriggerSpec;
import dev.streamml.windowing.WindowSpec;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.testing.TestStream;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.values.TimestampedValue;
import org.joda.time.Duration;
import org.joda.time.Instant;
import org.junit.Rule;
import org.junit.Test;

/**
 * Scenarios of {@link PrequentialMetrics} on every runner. Expected figures come from a plain
 * reference below (counting by hand per window: correct predictions, the confusion matrix's
 * marginals for kappa, mean -ln p, absolute and squared errors), not from the metric classes.
 */
public abstract class PrequentialMetricsScenarios {
  private static final Instant EPOCH = Instant.parse("2024-03-01T00:00:00Z");
  private static final double TOLERANCE = 1e-9;

  @Rule public final transient TestPipeline pipeline;

  protected PrequentialMetricsScenarios(RunnerUnderTest runner) {
    this.pipeline = runner.newPipeline();
  }

  /** Binary predictions of two keys over three hours, one a minute per key; some unlabelled. */
  static List<TimestampedValue<Prediction>> binaryPredictions() {
    Random random = new Random(11);
    List<TimestampedValue<Prediction>> predictions = new ArrayList<>();
    for (String key : new String[] {"a", "b"}) {
      for (int minute = 0; minute < 180; minute++) {
        Instant at = EPOCH.plus(Duration.standardMinutes(minute));
        // Scores are multiples of 1/1000 so the binned ROC AUC is exact.
        double p = random.nextInt(1001) / 1000.0;
        Double actual =
            minute % 17 == 5 ? null : (random.nextDouble() < 0.3 + 0.4 * p ? 1.0 : 0.0);
        predictions.add(
            TimestampedValue.of(
                Prediction.ofClasses(key, at, key + minute, new double[] {1 - p, p}, actual, minute),
                at));
      }
    }
    return predictions;
  }

  /** The reference figures of some binary predictions, computed by hand. */
  static Map<String, Double> binaryReference(List<Prediction> predictions) {
    long n = 0;
    long correct = 0;
    long[][] confusion = new long[2][2];
    double logLoss = 0;
    List<double[]> scored = new ArrayList<>(); // {p, actual}
    for (Prediction prediction : predictions) {
      if (prediction.actual() == null) {
        continue;
      }
      int actual = prediction.actual().intValue();
      double p = prediction.probabilityOf(1);
      int predicted = p > 0.5 ? 1 : 0; // argmax, ties to class 0
      n++;
      correct += predicted == actual ? 1 : 0;
      confusion[actual][predicted]++;
      double clipped = Math.min(1 - 1e-15, Math.max(1e-15, p));
      logLoss += actual == 1 ? -Math.log(clipped) : -Math.log(1 - clipped);
      scored.add(new double[] {p, actual});
    }
    double accuracy = (double) correct / n;
    double chance = 0;
    for (int c = 0; c < 2; c++) {
      double predictedShare = (double) (confusion[0][c] + confusion[1][c]) / n;
      double actualShare = (double) (confusion[c][0] + confusion[c][1]) / n;
      chance += predictedShare * actualShare;
    }
    // ROC AUC by comparing every positive with every negative, ties one half.
    double pairs = 0;
    double wins = 0;
    for (double[] positive : scored) {
      if (positive[1] != 1) {
        continue;
      }
      for (double[] negative : scored) {
        if (negative[1] != 0) {
          continue;
        }
        pairs++;
        wins += positive[0] > negative[0] ? 1 : positive[0] == negative[0] ? 0.5 : 0;
      }
    }
    Map<String, Double> figures = new TreeMap<>();
    figures.put("n", (double) n);
    figures.put("accuracy", accuracy);
    figures.put("kappa", (accuracy - chance) / (1 - chance));
    figures.put("log_loss", logLoss / n);
    figures.put("roc_auc", wins / pairs);
    return figures;
  }

  private static List<Prediction> within(
      List<Prediction> all, Instant start, Instant end, String key) {
    List<Prediction> selected = new ArrayList<>();
    for (Prediction prediction : all) {
      Instant at = prediction.timestamp();
      if (!at.isBefore(start) && at.isBefore(end) && (key == null || prediction.key().equals(key))) {
        selected.add(prediction);
      }
    }
    return selected;
  }

  /** The values, in a list the assertions can capture (timestamped values do not serialise). */
  private static ArrayList<Prediction> values(List<TimestampedValue<Prediction>> predictions) {
    ArrayList<Prediction> values = new ArrayList<>();
    predictions.forEach(tv -> values.add(tv.getValue()));
    return values;
  }

  private static void assertFigures(Map<String, Double> expected, MetricsReport report) {
    assertEquals(report.toString(), expected.get("n").longValue(), report.scored());
    for (String name : new String[] {"accuracy", "kappa", "log_loss", "roc_auc"}) {
      assertEquals(report + " " + name, expected.get(name), report.figure(name), TOLERANCE);
    }
  }

  @Test
  public void hourlyAndWholeStreamFiguresMatchAReferenceCount() {
    List<TimestampedValue<Prediction>> timed = binaryPredictions();
    ArrayList<Prediction> predictions = values(timed);
    PrequentialMetrics.Result metrics =
        pipeline
            .apply(Create.timestamped(timed).withCoder(PredictionCoder.of()))
            .apply(
                PrequentialMetrics.classification(2).windowedBy(WindowSpec.parse("fixed:1h")));

    PAssert.that(metrics.windows())
        .satisfies(
            reports -> {
              int count = 0;
              for (MetricsReport report : reports) {
                count++;
                assertEquals(MetricsReport.ALL_KEYS, report.scope());
                assertEquals("ON_TIME", report.timing());
                assertFigures(
                    binaryReference(
                        within(predictions, report.windowStart(), report.windowEnd(), null)),
                    report);
                assertEquals(
                    within(predictions, report.windowStart(), report.windowEnd(), null).stream()
                        .filter(p -> p.actual() == null)
                        .count(),
                    report.unlabelled());
              }
              assertEquals(3, count);
              return null;
            });
    PAssert.that(metrics.wholeStream())
        .satisfies(
            reports -> {
              MetricsReport last = null;
              int count = 0;
              for (MetricsReport report : reports) {
                count++;
                if (last == null || report.scored() > last.scored()) {
                  last = report;
                }
              }
              assertEquals(3, count);
              assertTrue(last.isWholeStream());
              assertEquals(EPOCH.plus(Duration.standardHours(3)), last.windowEnd());
              assertFigures(binaryReference(predictions), last);
              return null;
            });
    pipeline.run().waitUntilFinish();
  }

  @Test
  public void perKeyReportsEachKeyOnItsOwn() {
    List<TimestampedValue<Prediction>> timed = binaryPredictions();
    ArrayList<Prediction> predictions = values(timed);
    PrequentialMetrics.Result metrics =
        pipeline
            .apply(Create.timestamped(timed).withCoder(PredictionCoder.of()))
            .apply(
                PrequentialMetrics.classification(2)
                    .windowedBy(WindowSpec.parse("fixed:90m"))
                    .perKey());
    PAssert.that(metrics.windows())
        .satisfies(
            reports -> {
              Map<String, Integer> perKey = new HashMap<>();
              for (MetricsReport report : reports) {
                perKey.merge(report.scope(), 1, Integer::sum);
                assertFigures(
                    binaryReference(
                        within(
                            predictions,
                            report.windowStart(),
                            report.windowEnd(),
                            report.scope())),
                    report);
              }
              assertEquals(Map.of("a", 2, "b", 2), perKey);
              return null;
            });
    pipeline.run().waitUntilFinish();
  }

  @Test
  public void regressionReportsMaeAndRmse() {
    List<TimestampedValue<Prediction>> predictions = new ArrayList<>();
    double[] actual = {1, 2, 3, 4, 10, 20};
    double[] predicted = {1.5, 2, 2, 5, 14, 17};
    for (int i = 0; i < actual.length; i++) {
      Instant at = EPOCH.plus(Duration.standardMinutes(20 * i)); // 3 per hour
      predictions.add(
          TimestampedValue.of(
              Prediction.ofValue("k", at, null, predicted[i], actual[i], i), at));
    }
    PrequentialMetrics.Result metrics =
        pipeline
            .apply(Create.timestamped(predictions).withCoder(PredictionCoder.of()))
            .apply(PrequentialMetrics.regression());
    // By hand: hour 0 errors 0.5, 0, 1 -> MAE 0.5, RMSE sqrt(1.25/3); hour 1 errors 1, 4, 3.
    PAssert.that(metrics.windows())
        .satisfies(
            reports -> {
              Map<Instant, MetricsReport> byStart = new HashMap<>();
              reports.forEach(r -> byStart.put(r.windowStart(), r));
              MetricsReport first = byStart.get(EPOCH);
              MetricsReport second = byStart.get(EPOCH.plus(Duration.standardHours(1)));
              assertEquals(2, byStart.size());
              assertEquals(0.5, first.figure("mae"), TOLERANCE);
              assertEquals(Math.sqrt(1.25 / 3), first.figure("rmse"), TOLERANCE);
              assertEquals(8.0 / 3, second.figure("mae"), TOLERANCE);
              assertEquals(Math.sqrt(26.0 / 3), second.figure("rmse"), TOLERANCE);
              assertTrue(Double.isNaN(first.figure("accuracy")));
              return null;
            });
    pipeline.run().waitUntilFinish();
  }

  @Test
  public void latePredictionsGetALatePaneOrTheTooLateOutput() {
    Instant hour1 = EPOCH.plus(Duration.standardHours(1));
    Prediction onTime =
        Prediction.ofClasses("k", EPOCH.plus(Duration.standardMinutes(10)), "on-time",
            new double[] {0.2, 0.8}, 1.0, 0);
    Prediction withinLateness =
        Prediction.ofClasses("k", EPOCH.plus(Duration.standardMinutes(20)), "late",
            new double[] {0.9, 0.1}, 1.0, 1);
    Prediction tooLate =
        Prediction.ofClasses("k", EPOCH.plus(Duration.standardMinutes(30)), "too-late",
            new double[] {0.6, 0.4}, 0.0, 2);
    TestStream<Prediction> stream =
        TestStream.create(PredictionCoder.of())
            .addElements(TimestampedValue.of(onTime, onTime.timestamp()))
            .advanceWatermarkTo(hour1.plus(Duration.standardMinutes(5)))
            .addElements(TimestampedValue.of(withinLateness, withinLateness.timestamp()))
            .advanceWatermarkTo(hour1.plus(Duration.standardMinutes(20)))
            .addElements(TimestampedValue.of(tooLate, tooLate.timestamp()))
            .advanceWatermarkToInfinity();
    PrequentialMetrics.Result metrics =
        pipeline
            .apply(stream)
            .apply(
                PrequentialMetrics.classification(2)
                    .withTrigger(TriggerSpec.parse("lateness=10m")));
    PAssert.that(metrics.windows())
        .satisfies(
            reports -> {
              Map<String, MetricsReport> byTiming = new HashMap<>();
              reports.forEach(r -> byTiming.put(r.timing(), r));
              assertEquals(2, byTiming.size());
              assertEquals(1, byTiming.get("ON_TIME").scored());
              assertEquals(1.0, byTiming.get("ON_TIME").figure("accuracy"), 0);
              assertEquals(1, byTiming.get("LATE").scored());
              assertEquals(0.0, byTiming.get("LATE").figure("accuracy"), 0);
              return null;
            });
    PAssert.that(metrics.wholeStream())
        .satisfies(
            reports -> {
              long max = 0;
              for (MetricsReport r : reports) {
                max = Math.max(max, r.scored());
              }
              assertEquals(2, max);
              return null;
            });
    PAssert.that(metrics.tooLate())
        .satisfies(
            late -> {
              List<String> ids = new ArrayList<>();
              for (LateElement<String, Prediction> element : late) {
                ids.add(element.value().id());
              }
              assertEquals(List.of("too-late"), ids);
              return null;
            });
    pipeline.run().waitUntilFinish();
  }
}
