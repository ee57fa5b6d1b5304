package dev.streamml.bench;

import dev.streamml.anomaly.AnomalyDetector;
import dev.streamml.anomaly.detectors.HalfSpaceTreesDetector;
import dev.streamml.anomaly.detectors.IqrDetector;
import dev.streamml.anomaly.detectors.KnnConformalDetector;
import dev.streamml.anomaly.detectors.RobustZScoreDetector;
import dev.streamml.anomaly.detectors.ZScoreDetector;
import dev.streamml.anomaly.threshold.EnsembleDetector;
import dev.streamml.anomaly.threshold.FixedThreshold;
import dev.streamml.anomaly.threshold.NormalOnlyDetector;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Per-point cost of every anomaly detector (score, then learn, as {@code AnomalyDetection} calls
 * them), warmed on 5,000 points first, beside a bare loop of the same arithmetic ({@link
 * Reference}).
 *
 * <pre>
 * mvn -q -o -Pjmh -pl transforms test-compile exec:exec -Djmh.args="DetectorBenchmark"
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
public class DetectorBenchmark {
  @Param({"zscore", "robust-zscore", "iqr", "knn-conformal", "hst", "ensemble", "normal-only"})
  public String detector;

  private final double[] series = BenchData.series();
  private final double[] point = new double[1];
  private AnomalyDetector component;
  private Reference.Step reference;
  private int next;

  @Setup
  public void setUp() {
    component = create(detector);
    reference = reference(detector);
    for (int i = 0; i < 5_000; i++) {
      point[0] = series[i];
      component.learn(point);
      reference.step(series[i]);
    }
    next = 5_000;
  }

  static AnomalyDetector create(String name) {
    switch (name) {
      case "zscore":
        return ZScoreDetector.create();
      case "robust-zscore":
        return RobustZScoreDetector.create();
      case "iqr":
        return IqrDetector.create();
      case "knn-conformal":
        return KnnConformalDetector.create();
      case "hst":
        return HalfSpaceTreesDetector.create();
      case "ensemble":
        return EnsembleDetector.mean(List.of(KnnConformalDetector.create(), ZScoreDetector.create()));
      case "normal-only":
        return NormalOnlyDetector.wrap(ZScoreDetector.create(), FixedThreshold.of(0.99));
      default:
        throw new IllegalArgumentException(name);
    }
  }

  static Reference.Step reference(String name) {
    switch (name) {
      case "zscore":
      case "normal-only":
        return new Reference.ZScore(500);
      case "robust-zscore":
        return new Reference.SortedWindow(500, 0);
      case "iqr":
        return new Reference.SortedWindow(500, 1);
      case "knn-conformal":
        return new Reference.KnnConformal();
      case "hst":
        return new Reference.HalfSpaceTrees();
      case "ensemble":
        Reference.Step knn = new Reference.KnnConformal();
        Reference.Step z = new Reference.ZScore(500);
        return x -> (knn.step(x) + z.step(x)) / 2;
      default:
        throw new IllegalArgumentException(name);
    }
  }

  @Benchmark
  public double component() {
    point[0] = series[next++ & (BenchData.SIZE - 1)];
    double score = component.score(point);
    component.learn(point);
    return score;
  }

  @Benchmark
  public double reference() {
    return reference.step(series[next++ & (BenchData.SIZE - 1)]);
  }
}
