package dev.streamml.anomaly;

import dev.streamml.anomaly.detectors.HalfSpaceTreesDetector;
import dev.streamml.anomaly.detectors.IqrDetector;
import dev.streamml.anomaly.detectors.KnnConformalDetector;
import dev.streamml.anomaly.detectors.RobustZScoreDetector;
import dev.streamml.anomaly.detectors.ZScoreDetector;
import dev.streamml.anomaly.threshold.EnsembleDetector;
import dev.streamml.anomaly.threshold.FixedThreshold;
import dev.streamml.anomaly.threshold.OnlineQuantileThreshold;
import dev.streamml.drift.Adwin;
import dev.streamml.drift.Ddm;
import dev.streamml.drift.DriftDetector;
import dev.streamml.drift.PageHinkley;
import dev.streamml.events.Event;
import dev.streamml.events.EventCoder;
import dev.streamml.features.FeatureStateSize;
import dev.streamml.online.OnlineAdaptiveHoeffdingTree;
import dev.streamml.online.OnlineFtrlLogisticRegression;
import dev.streamml.online.OnlineGaussianNaiveBayes;
import dev.streamml.online.OnlineHoeffdingTree;
import dev.streamml.online.OnlineKMeans;
import dev.streamml.online.OnlineLeveragingBagging;
import dev.streamml.online.OnlineLinearRegression;
import dev.streamml.online.OnlineLogisticRegression;
import dev.streamml.online.OnlineModel;
import dev.streamml.online.OnlineModelCoder;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.InstantCoder;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.util.CoderUtils;
import org.joda.time.Instant;

/**
 * Bytes per key of every stateful transform's state, measured by encoding warm state with the
 * coders the transforms declare for it: {@code AnomalyDetection} (its model cell, per detector),
 * {@code DetectDrift} (its detector cell), {@code PrequentialLearning} (its model cell) and {@code
 * WindowedFeatures} (its combiner's accumulator, per key and window). Warm means after 5,000
 * points, when every ring buffer and window is full.
 *
 * <pre>
 * mvn -q -o -Pjmh -pl transforms test-compile exec:exec -Dexec.mainClass=dev.streamml.anomaly.StateSizes
 * </pre>
 */
public final class StateSizes {
  private static final int WARM = 5_000;

  private StateSizes() {}

  public static void main(String[] args) throws Exception {
    double[] series = new double[WARM];
    SplittableRandom random = new SplittableRandom(5);
    for (int i = 0; i < WARM; i++) {
      series[i] = 20 + 5 * Math.sin(i / 229.0) + random.nextGaussian() * 0.5;
    }
    int instant = CoderUtils.encodeToByteArray(InstantCoder.of(), new Instant(0)).length;
    int event =
        CoderUtils.encodeToByteArray(EventCoder.of(), Event.of("sensor-001", new Instant(0), 1.0))
            .length;
    System.out.println("| transform | state | coder | bytes per key (warm) |");
    System.out.println("|---|---|---|---:|");

    Map<String, Supplier<AnomalyDetector>> detectors = new LinkedHashMap<>();
    detectors.put("knn-conformal", KnnConformalDetector::create);
    detectors.put("zscore", ZScoreDetector::create);
    detectors.put("robust-zscore", RobustZScoreDetector::create);
    detectors.put("iqr", IqrDetector::create);
    detectors.put("hst", HalfSpaceTreesDetector::create);
    detectors.put(
        "ensemble",
        () -> EnsembleDetector.mean(List.of(KnnConformalDetector.create(), ZScoreDetector.create())));
    Coder<AnomalyModel> modelCoder = SerializableCoder.of(AnomalyModel.class);
    for (Map.Entry<String, Supplier<AnomalyDetector>> entry : detectors.entrySet()) {
      AnomalyDetector detector = entry.getValue().get();
      for (double x : series) {
        detector.learn(new double[] {x});
      }
      AnomalyModel model = AnomalyModel.start(detector, FixedThreshold.of(0.99));
      int bytes = CoderUtils.encodeToByteArray(modelCoder, model).length + 2 * instant;
      row("AnomalyDetection", "model (" + entry.getKey() + ") + 2 instants", "SerializableCoder", bytes);
    }
    AnomalyModel adaptive =
        AnomalyModel.start(ZScoreDetector.create(), OnlineQuantileThreshold.of(0.995));
    for (double x : series) {
      adaptive.learn(
          AnomalyResult.builder(Event.of("k", new Instant(0), x))
              .score(Math.abs(x - 20) / 10)
              .label(AnomalyLabel.NORMAL)
              .threshold(0.99)
              .detectorId("zscore")
              .modelVersion(0)
              .build());
    }
    row("AnomalyDetection", "model (zscore + online quantile threshold)", "SerializableCoder",
        CoderUtils.encodeToByteArray(modelCoder, adaptive).length + 2 * instant);
    row("AnomalyDetection", "each event waiting for the watermark", "TimestampedValueCoder(EventCoder)",
        event + instant);

    Map<String, DriftDetector> drifts = new LinkedHashMap<>();
    drifts.put("adwin", Adwin.create());
    drifts.put("page-hinkley", PageHinkley.create());
    drifts.put("ddm", Ddm.create());
    for (Map.Entry<String, DriftDetector> entry : drifts.entrySet()) {
      for (double x : series) {
        entry.getValue().update(entry.getKey().equals("ddm") ? (x > 21 ? 1 : 0) : x);
      }
      row("DetectDrift", "detector (" + entry.getKey() + ")", "SerializableCoder",
          CoderUtils.encodeToByteArray(SerializableCoder.of(DriftDetector.class), entry.getValue())
              .length);
    }

    Map<String, OnlineModel> models = new LinkedHashMap<>();
    models.put("logistic-sgd", OnlineLogisticRegression.create());
    models.put("linear-sgd", OnlineLinearRegression.create());
    models.put("logistic-ftrl", OnlineFtrlLogisticRegression.create());
    models.put("gaussian-nb", OnlineGaussianNaiveBayes.create(2));
    models.put("kmeans", OnlineKMeans.create(3));
    models.put("hoeffding-tree", OnlineHoeffdingTree.create());
    models.put("hoeffding-adaptive-tree", OnlineAdaptiveHoeffdingTree.create());
    models.put("leveraging-bagging", OnlineLeveragingBagging.create());
    for (Map.Entry<String, OnlineModel> entry : models.entrySet()) {
      SplittableRandom rows = new SplittableRandom(9);
      for (int i = 0; i < WARM; i++) {
        double[] x = new double[8];
        double s = 0;
        for (int f = 0; f < x.length; f++) {
          x[f] = rows.nextGaussian();
          s += (f % 2 == 0 ? 1 : -0.5) * x[f];
        }
        entry.getValue().learn(x, s > 0 ? 1 : 0);
      }
      row("PrequentialLearning", "model (" + entry.getKey() + ", 8 features)", "OnlineModelCoder",
          CoderUtils.encodeToByteArray(OnlineModelCoder.of(), entry.getValue()).length);
    }

    for (int values : new int[] {60, 3_600, 100_000}) {
      row("WindowedFeatures", "accumulator per key and window, " + values + " values",
          "AccumulatorCoder", FeatureStateSize.bytesAfter(values));
    }
  }

  private static void row(String transform, String state, String coder, int bytes) {
    System.out.printf("| %s | %s | %s | %,d |%n", transform, state, coder, bytes);
  }
}
