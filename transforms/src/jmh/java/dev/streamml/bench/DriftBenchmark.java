package dev.streamml.bench;

import dev.streamml.anomaly.threshold.OnlineQuantileThreshold;
import dev.streamml.anomaly.threshold.Threshold;
import dev.streamml.drift.Adwin;
import dev.streamml.drift.Ddm;
import dev.streamml.drift.DriftDetector;
import dev.streamml.drift.PageHinkley;
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
 * Per-value cost of the drift trackers (ADWIN, Page-Hinkley, DDM on 0/1 errors) and of the online
 * quantile threshold (decide, then update), beside bare loops of the same arithmetic.
 *
 * <pre>
 * mvn -q -o -Pjmh -pl transforms test-compile exec:exec -Djmh.args="DriftBenchmark"
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
public class DriftBenchmark {
  @Param({"adwin", "page-hinkley", "ddm", "online-quantile-threshold"})
  public String tracker;

  private final double[] series = BenchData.series();
  private DriftDetector drift;
  private Threshold threshold;
  private Reference.Step reference;
  private int next;

  @Setup
  public void setUp() {
    switch (tracker) {
      case "adwin":
        drift = Adwin.create();
        reference = new Reference.Adwin();
        break;
      case "page-hinkley":
        drift = PageHinkley.create();
        reference = new Reference.PageHinkley();
        break;
      case "ddm":
        drift = Ddm.create();
        reference = new Reference.Ddm();
        break;
      case "online-quantile-threshold":
        threshold = OnlineQuantileThreshold.of(0.995);
        reference = new Reference.SortedWindow(OnlineQuantileThreshold.DEFAULT_WINDOW, 2);
        break;
      default:
        throw new IllegalArgumentException(tracker);
    }
    for (int i = 0; i < 20_000; i++) {
      component();
      reference();
    }
  }

  private double input(int i) {
    double x = series[i & (BenchData.SIZE - 1)];
    // DDM watches a stream of 0/1 errors; the others the values (scores in [0, 1] for the threshold).
    return tracker.equals("ddm") ? (x > 21 ? 1 : 0) : threshold != null ? (x - 10) / 30 : x;
  }

  @Benchmark
  public double component() {
    double x = input(next++);
    if (threshold != null) {
      boolean anomaly = threshold.isAnomaly(x);
      threshold.update(x);
      return anomaly ? 1 : 0;
    }
    return drift.update(x).ordinal();
  }

  @Benchmark
  public double reference() {
    return reference.step(input(next++));
  }
}
