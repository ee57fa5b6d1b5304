package dev.streamml.bench;

import dev.streamml.online.OnlineAdaptiveHoeffdingTree;
import dev.streamml.online.OnlineFtrlLogisticRegression;
import dev.streamml.online.OnlineGaussianNaiveBayes;
import dev.streamml.online.OnlineHoeffdingTree;
import dev.streamml.online.OnlineKMeans;
import dev.streamml.online.OnlineLeveragingBagging;
import dev.streamml.online.OnlineLinearRegression;
import dev.streamml.online.OnlineLogisticRegression;
import dev.streamml.online.OnlineModel;
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
 * Per-row cost of every online model (predict, then learn: test-then-train) on 8 features, warmed
 * on 5,000 rows, beside a bare loop of the same arithmetic ({@link ModelReference}).
 *
 * <pre>
 * mvn -q -o -Pjmh -pl transforms test-compile exec:exec -Djmh.args="OnlineModelBenchmark"
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
public class OnlineModelBenchmark {
  @Param({
    "logistic-sgd",
    "linear-sgd",
    "logistic-ftrl",
    "gaussian-nb",
    "kmeans",
    "hoeffding-tree",
    "hoeffding-adaptive-tree",
    "leveraging-bagging"
  })
  public String model;

  private final double[][] rows = BenchData.rows();
  private final double[] labels = BenchData.labels(rows);
  private OnlineModel component;
  private ModelReference.RowStep reference;
  private int next;

  @Setup
  public void setUp() {
    component = create(model);
    reference = ModelReference.named(model, BenchData.FEATURES);
    for (int i = 0; i < 5_000; i++) {
      component();
      reference();
    }
  }

  static OnlineModel create(String id) {
    switch (id) {
      case "logistic-sgd":
        return OnlineLogisticRegression.create();
      case "linear-sgd":
        return OnlineLinearRegression.create();
      case "logistic-ftrl":
        return OnlineFtrlLogisticRegression.create();
      case "gaussian-nb":
        return OnlineGaussianNaiveBayes.create(2);
      case "kmeans":
        return OnlineKMeans.create(3);
      case "hoeffding-tree":
        return OnlineHoeffdingTree.create();
      case "hoeffding-adaptive-tree":
        return OnlineAdaptiveHoeffdingTree.create();
      case "leveraging-bagging":
        return OnlineLeveragingBagging.create();
      default:
        throw new IllegalArgumentException(id);
    }
  }

  @Benchmark
  public double component() {
    int i = next++ & (BenchData.SIZE - 1);
    double predicted = component.predict(rows[i]);
    component.learn(rows[i], labels[i]);
    return predicted;
  }

  @Benchmark
  public double reference() {
    int i = next++ & (BenchData.SIZE - 1);
    return reference.step(rows[i], labels[i]);
  }
}
