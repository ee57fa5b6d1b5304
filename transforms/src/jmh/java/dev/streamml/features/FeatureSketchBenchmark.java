package dev.streamml.features;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.apache.datasketches.kll.KllDoublesSketch;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Per-value cost of the windowed-features summary (Welford moments, min, max, first/last and the
 * KLL sketch with k = 200, as {@code WindowedFeatures} adds each value), of the KLL sketch alone,
 * and of a bare loop of moments plus a sort-and-halve buffer (what a KLL level compaction does).
 * In this package because the summary is package-private.
 *
 * <pre>
 * mvn -q -o -Pjmh -pl transforms test-compile exec:exec -Djmh.args="FeatureSketchBenchmark"
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
public class FeatureSketchBenchmark {
  private static final int SIZE = 1 << 16;
  private final double[] values = new double[SIZE];
  private FeatureStatsFn.Accumulator accumulator;
  private KllDoublesSketch sketch;
  private final double[] buffer = new double[WindowedFeatures.DEFAULT_SKETCH_K];
  private int used;
  private long count;
  private double mean;
  private double m2;
  private double min = Double.POSITIVE_INFINITY;
  private double max = Double.NEGATIVE_INFINITY;
  private int next;

  @Setup
  public void setUp() {
    SplittableRandom random = new SplittableRandom(3);
    for (int i = 0; i < SIZE; i++) {
      values[i] = 20 + random.nextGaussian();
    }
    accumulator = new FeatureStatsFn(WindowedFeatures.DEFAULT_SKETCH_K).createAccumulator();
    sketch = KllDoublesSketch.newHeapInstance(WindowedFeatures.DEFAULT_SKETCH_K);
  }

  @Benchmark
  public long featureSummary() {
    int i = next++;
    accumulator.add(values[i & (SIZE - 1)], i);
    return accumulator.count;
  }

  @Benchmark
  public long kllSketch() {
    sketch.update(values[next++ & (SIZE - 1)]);
    return sketch.getN();
  }

  @Benchmark
  public double reference() {
    double x = values[next++ & (SIZE - 1)];
    count++;
    double delta = x - mean;
    mean += delta / count;
    m2 += delta * (x - mean);
    min = Math.min(min, x);
    max = Math.max(max, x);
    buffer[used++] = x;
    if (used == buffer.length) {
      java.util.Arrays.sort(buffer);
      for (int j = 0; j < buffer.length / 2; j++) {
        buffer[j] = buffer[2 * j];
      }
      used = buffer.length / 2;
    }
    return mean;
  }
}
